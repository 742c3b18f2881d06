using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Tokens;

public sealed record CreateAccessTokenOptions(Guid UserId, Guid OrganisationId, string Name, int ExpiresInDays);

/// <summary>A new token and its secret, which is shown this once and never stored.</summary>
public sealed record CreatedAccessToken(PersonalAccessToken Token, string Secret);

/// <summary>The person and organisation a valid token acts for.</summary>
public sealed record AccessTokenIdentity(Guid TokenId, Guid UserId, Guid OrganisationId);

/// <summary>Personal access tokens for the API: created, checked, revoked.</summary>
public sealed class AccessTokenService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const string SecretPrefix = "sp_";
    public const int MaxExpiryDays = 366;

    public async Task<CreatedAccessToken> CreateAsync(CreateAccessTokenOptions options, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = (options.Name ?? "").Trim();
        errors.Required("Name", name, "Enter a name for the token, so that you can tell it apart later");
        errors.MaxLength("Name", name, 100, "Token name");
        if (options.ExpiresInDays is < 1 or > MaxExpiryDays)
        {
            errors.Add("ExpiresInDays", $"Expiry must be between 1 and {MaxExpiryDays} days");
        }

        var isMember = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == options.UserId && m.OrganisationId == options.OrganisationId, ct);
        if (!isMember)
        {
            errors.Add("OrganisationId", "The person is not a member of that organisation");
        }

        errors.ThrowIfAny();

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(),
            UserId = options.UserId,
            OrganisationId = options.OrganisationId,
            Name = name,
            Prefix = secret[..10],
            SecretHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.ExpiresInDays),
        };
        db.PersonalAccessTokens.Add(token);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AccessTokenCreated, actor, options.OrganisationId,
            $"Created API token '{token.Name}' ({token.Prefix}…), expires {token.ExpiresAt:yyyy-MM-dd}", "PersonalAccessToken", token.Id.ToString(),
            new { token.Name, token.Prefix, token.ExpiresAt, token.UserId }), ct);
        return new CreatedAccessToken(token, secret);
    }

    /// <summary>Revokes one of the person's own tokens.</summary>
    public async Task RevokeAsync(Guid userId, Guid tokenId, Actor actor, CancellationToken ct = default)
    {
        var token = await db.PersonalAccessTokens.IgnoreQueryFilters()
            .FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct)
            ?? throw new NotFoundException("Token", tokenId);
        if (token.RevokedAt is not null)
        {
            return;
        }

        token.RevokedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AccessTokenRevoked, actor, token.OrganisationId,
            $"Revoked API token '{token.Name}' ({token.Prefix}…)", "PersonalAccessToken", token.Id.ToString()), ct);
    }

    /// <summary>Checks a presented secret: unknown, revoked, expired or orphaned tokens give null.</summary>
    public async Task<AccessTokenIdentity?> ValidateAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = time.GetUtcNow();
        var token = await db.PersonalAccessTokens.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.SecretHash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.UserId, t.OrganisationId, t.ExpiresAt })
            .FirstOrDefaultAsync(ct);
        if (token is null || token.ExpiresAt <= now)
        {
            return null;
        }

        var stillMember = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == token.UserId && m.OrganisationId == token.OrganisationId, ct);
        return stillMember ? new AccessTokenIdentity(token.Id, token.UserId, token.OrganisationId) : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
