using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Platforms;
using Signpost.Platforms.X;

namespace Signpost.Core.Features.Channels;

/// <summary>
/// Stores a credential a connector renewed in the middle of a call (X refresh tokens work once, so
/// the new pair must be kept even when the call that renewed it then fails). Audited like every
/// other credential change.
/// </summary>
public sealed class RenewedCredentialStore(IServiceScopeFactory scopes, ChannelCredentials credentials, TimeProvider time) : IRenewedCredentialStore
{
    public async Task StoreAsync(PlatformAccount account, PlatformCredential renewed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(renewed);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channels = await db.Channels.Where(c => c.Network == Network.X && c.AccountId == account.AccountId).ToListAsync(ct);
        if (channels.Count == 0)
        {
            return;
        }

        var records = new List<AuditRecord>();
        foreach (var channel in channels)
        {
            channel.CredentialCiphertext = credentials.Protect(renewed);
            channel.CredentialUpdatedAt = time.GetUtcNow();
            if (renewed.ExpiresAt is { } expires && expires != channel.CredentialExpiresAt)
            {
                channel.CredentialExpiresAt = expires;
                channel.ExpiryWarningSentAt = null;
            }

            records.Add(new AuditRecord(AuditEventCode.ChannelCredentialRenewed, Actor.Anonymous("Signpost publisher"), channel.OrganisationId,
                $"Renewed the access token of {channel.Name}", "Channel", channel.Id.ToString(), new { expiresAt = channel.CredentialExpiresAt }));
        }

        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(records, ct);
    }
}
