using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Platforms;
using Signpost.Platforms.Instagram;

namespace Signpost.Core.Features.Media;

/// <summary>
/// Signed, time-limited public addresses for media that a platform downloads itself (Instagram's
/// content publishing API). The address carries the file's SHA-256 encrypted and signed with a
/// Data Protection time-limited protector, so it cannot be guessed or extended, and it stops
/// working after the time given. Served by Signpost.Web at /public-media/{token}.
/// </summary>
public sealed class PublicMediaUrls(IDataProtectionProvider protection, EmailOptions email, IServiceScopeFactory scopes) : IPublicMediaUrls
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Signpost.PublicMedia.v1").ToTimeLimitedDataProtector();

    public Task<Uri> GetPublicUrlAsync(MediaUpload media, TimeSpan validFor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(media);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(media.Content.Span));
        var token = _protector.Protect(sha256, validFor);
        return Task.FromResult(new Uri(email.PublicBaseUrl, $"/public-media/{Uri.EscapeDataString(token)}"));
    }

    /// <summary>The media behind a token, or null when the token is forged, expired or the media is gone.</summary>
    public async Task<(string ContentType, byte[] Bytes)?> ResolveAsync(string token, CancellationToken ct)
    {
        string sha256;
        try
        {
            sha256 = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var item = await db.MediaItems.AsNoTracking().Where(m => m.Sha256 == sha256)
            .OrderBy(m => m.CreatedAt).Select(m => new { m.Id, m.ContentType }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }

        var bytes = await db.MediaContents.AsNoTracking().Where(c => c.MediaItemId == item.Id).Select(c => c.Bytes).SingleAsync(ct);
        return (item.ContentType, bytes);
    }
}
