using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Sandbox;

public sealed record CreateSandboxAccountOptions(string? Handle, string? DisplayName);

/// <param name="Fault">What the account's next calls do; <see cref="SandboxFault.None"/> clears it.</param>
/// <param name="Count">For how many posts; 0 means every post until cleared.</param>
/// <param name="RetryAfterSeconds">For a rate limit: how long the network asks callers to wait.</param>
public sealed record SetSandboxFaultOptions(SandboxFault Fault, int Count, int RetryAfterSeconds = 30);

/// <summary>A new account and its token, which is shown once and never stored (only its hash is).</summary>
public sealed record CreatedSandboxAccount(SandboxAccount Account, string Token);

/// <summary>
/// What an organisation does on the Sandbox network (capability 20): makes accounts, tells them to
/// fail, revokes their tokens. The Sandbox's own rows are the simulated platform's, but what
/// Signpost's people do to it is recorded in their organisation's audit trail like anything else.
/// </summary>
public sealed partial class SandboxService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int MaxFaultCount = 100;
    public const int MaxRetryAfterSeconds = 3600;

    /// <summary>Words the Sandbox's own addresses use (/sandbox/media/…), so no account may take them.</summary>
    private static readonly string[] ReservedHandles = ["media", "new", "admin", "settings"];

    /// <summary>Makes an account on the Sandbox network; its token is returned once.</summary>
    public async Task<CreatedSandboxAccount> CreateAccountAsync(Guid organisationId, CreateSandboxAccountOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handle = (options.Handle ?? "").Trim().TrimStart('@').ToLowerInvariant();
        var displayName = (options.DisplayName ?? "").Trim();
        var errors = new ValidationErrors();
        if (handle.Length == 0)
        {
            errors.Add("Handle", "Enter a handle for the Sandbox account");
        }
        else if (!HandlePattern().IsMatch(handle))
        {
            errors.Add("Handle", "The handle must be 3 to 30 lowercase letters, numbers, dots or hyphens, starting with a letter or number");
        }
        else if (ReservedHandles.Contains(handle) || await db.SandboxAccounts.AnyAsync(a => a.Handle == handle, ct))
        {
            errors.Add("Handle", "Another Sandbox account already has this handle");
        }

        errors.Required("DisplayName", displayName, "Enter the account's display name");
        errors.MaxLength("DisplayName", displayName, 200, "The display name");
        errors.ThrowIfAny();
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            throw new NotFoundException("Organisation", organisationId);
        }

        var token = "sbx_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        var account = new SandboxAccount
        {
            Id = Guid.CreateVersion7(),
            Handle = handle,
            DisplayName = displayName,
            TokenHash = SandboxNetwork.HashToken(token),
            CreatedByOrganisationId = organisationId,
            CreatedAt = time.GetUtcNow(),
        };
        db.SandboxAccounts.Add(account);
        try
        {
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SandboxAccountCreated, actor, organisationId,
                $"Created the Sandbox account @{handle}", "SandboxAccount", account.Id.ToString(), new { handle, displayName }), ct);
        }
        catch (DbUpdateException)
        {
            // Someone took the handle at the same moment: the network's unique index kept theirs.
            db.ChangeTracker.Clear();
            throw new InvalidRequestException("Handle", "Another Sandbox account already has this handle");
        }

        return new CreatedSandboxAccount(account, token);
    }

    /// <summary>Tells an account to fail its next posts (or every post), or clears the fault.</summary>
    public async Task SetFaultAsync(Guid organisationId, Guid accountId, SetSandboxFaultOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var account = await FindAsync(organisationId, accountId, ct);
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(options.Fault))
        {
            errors.Add("Fault", "Select what the account should do");
        }

        if (options.Fault != SandboxFault.None && options.Count is < 0 or > MaxFaultCount)
        {
            errors.Add("Count", $"The number of posts must be between 1 and {MaxFaultCount}, or every post");
        }

        if (options.Fault == SandboxFault.RateLimit && options.RetryAfterSeconds is < 1 or > MaxRetryAfterSeconds)
        {
            errors.Add("RetryAfterSeconds", $"Retry after must be between 1 and {MaxRetryAfterSeconds} seconds");
        }

        errors.ThrowIfAny();
        var before = Describe(account.Fault, account.FaultRemaining, account.RetryAfterSeconds);
        account.Fault = options.Fault;
        account.FaultRemaining = options.Fault == SandboxFault.None ? 0 : options.Count;
        if (options.Fault == SandboxFault.RateLimit)
        {
            account.RetryAfterSeconds = options.RetryAfterSeconds;
        }

        var after = Describe(account.Fault, account.FaultRemaining, account.RetryAfterSeconds);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SandboxFaultSet, actor, organisationId,
            options.Fault == SandboxFault.None ? $"Cleared the fault on Sandbox account @{account.Handle}" : $"Told Sandbox account @{account.Handle}: {after}",
            "SandboxAccount", account.Id.ToString(), new { from = before, to = after }), ct);
    }

    /// <summary>Revokes the account's token on the network: every call with it then gets "auth lost".</summary>
    public async Task RevokeTokenAsync(Guid organisationId, Guid accountId, Actor actor, CancellationToken ct = default)
    {
        var account = await FindAsync(organisationId, accountId, ct);
        if (account.TokenRevoked)
        {
            return;
        }

        account.TokenRevoked = true;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SandboxTokenRevoked, actor, organisationId,
            $"Revoked the token of Sandbox account @{account.Handle}", "SandboxAccount", account.Id.ToString()), ct);
    }

    /// <summary>A fault in words, for the page and the audit trail.</summary>
    public static string Describe(SandboxFault fault, int remaining, int retryAfterSeconds)
    {
        var what = fault switch
        {
            SandboxFault.ServerError => "answer with a server error (500)",
            SandboxFault.RateLimit => $"limit requests (429, retry after {retryAfterSeconds} seconds)",
            SandboxFault.Timeout => "take the post but not answer in time",
            SandboxFault.Reject => "reject the post (422)",
            _ => null,
        };
        if (what is null)
        {
            return "Working normally";
        }

        var scope = remaining switch
        {
            0 => "every post",
            1 => "the next post",
            _ => $"the next {remaining} posts",
        };
        return $"{char.ToUpperInvariant(what[0])}{what[1..]} for {scope}";
    }

    private async Task<SandboxAccount> FindAsync(Guid organisationId, Guid accountId, CancellationToken ct) =>
        await db.SandboxAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.CreatedByOrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Sandbox account", accountId);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{2,29}$", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();
}
