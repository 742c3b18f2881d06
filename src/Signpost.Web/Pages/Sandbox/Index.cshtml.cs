using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Sandbox;

public sealed record SandboxAccountRow(
    Guid Id, string Handle, string DisplayName, bool TokenRevoked, SandboxFault Fault, int FaultRemaining, int RetryAfterSeconds, int Posts, Guid? ChannelId, string? ChannelName)
{
    public string FaultText => SandboxService.Describe(Fault, FaultRemaining, RetryAfterSeconds);

    /// <summary>The id part of each of this account's form fields, so that ids stay unique on the page.</summary>
    public string Key => Id.ToString("N");
}

/// <summary>
/// The organisation's accounts on the Sandbox, the network built into Signpost (capability 20):
/// make one (its token is shown once and can be connected as a channel at once), tell it to fail
/// in the ways real platforms do, revoke its token.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db, SandboxService sandbox, ChannelService channels) : SignpostPageModel
{
    public static IReadOnlyList<(string Value, string Text)> FaultOptions { get; } =
    [
        (nameof(SandboxFault.ServerError), "Server error (500): Signpost retries"),
        (nameof(SandboxFault.RateLimit), "Rate limit (429): Signpost waits, then retries"),
        (nameof(SandboxFault.Timeout), "Time out: the post is made but no answer comes"),
        (nameof(SandboxFault.Reject), "Reject the post (422): it fails"),
    ];

    [BindProperty]
    public string? Handle { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>The token of the account just made, sent back by "Connect as a channel".</summary>
    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public Guid AccountId { get; set; }

    [BindProperty]
    public string? Fault { get; set; }

    [BindProperty]
    public string? Count { get; set; }

    [BindProperty]
    public string? RetryAfterSeconds { get; set; }

    /// <summary>The account just made and its token, shown once.</summary>
    public (string Handle, string DisplayName, string Token)? Created { get; private set; }

    public IReadOnlyList<SandboxAccountRow> Accounts { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        try
        {
            var created = await sandbox.CreateAccountAsync(OrganisationContext.OrganisationId, new CreateSandboxAccountOptions(Handle, DisplayName), await GetActorAsync(), HttpContext.RequestAborted);
            Created = (created.Account.Handle, created.Account.DisplayName, created.Token);
            Handle = null;
            DisplayName = null;
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Connects the account just made as a channel, without retyping its token.</summary>
    public async Task<IActionResult> OnPostConnectAsync()
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            var userId = OrganisationContext.UserId;
            var team = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.OrganisationId == OrganisationContext.OrganisationId).Select(m => m.TeamId).FirstOrDefaultAsync(ct);
            var channel = await channels.ConnectWithCredentialsAsync(OrganisationContext.OrganisationId, Network.Sandbox,
                new ConnectRequest(Handle ?? "", Token ?? "", null), new ChannelDetailsOptions(DisplayName is { Length: > 0 } name ? $"{name} on the Sandbox" : null, team),
                await GetActorAsync(), ct);
            return RedirectWithNotification($"{OrganisationPath}/channels/{channel.Id}", $"{channel.Name} has been connected");
        }
        catch (InvalidRequestException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                AddError("", message);
            }

            // Show the token again, so that it is not lost.
            Created = (Handle ?? "", DisplayName ?? "", Token ?? "");
            await LoadAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostFaultAsync()
    {
        var key = AccountId.ToString("N");
        var errors = new List<(string Field, string Message)>();
        if (!Enum.TryParse<SandboxFault>(Fault, out var fault) || fault == SandboxFault.None)
        {
            errors.Add(($"Fault-{key}", "Select what the account should do"));
        }

        var count = 0;
        if (!string.IsNullOrWhiteSpace(Count) && !int.TryParse(Count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            errors.Add(($"Count-{key}", "Enter the number of posts as a whole number, like 3, or leave it blank for every post"));
        }

        var retryAfter = 30;
        if (fault == SandboxFault.RateLimit && !string.IsNullOrWhiteSpace(RetryAfterSeconds)
            && !int.TryParse(RetryAfterSeconds.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out retryAfter))
        {
            errors.Add(($"RetryAfterSeconds-{key}", "Enter the seconds as a whole number, like 30"));
        }

        if (errors.Count == 0)
        {
            try
            {
                await sandbox.SetFaultAsync(OrganisationContext.OrganisationId, AccountId, new SetSandboxFaultOptions(fault, count, retryAfter), await GetActorAsync(), HttpContext.RequestAborted);
                return RedirectWithNotification($"{OrganisationPath}/sandbox", "The fault has been set: " + SandboxService.Describe(fault, count, retryAfter));
            }
            catch (InvalidRequestException e)
            {
                errors.AddRange(e.Errors.SelectMany(x => x.Value.Select(m => ($"{(x.Key.Length == 0 ? "Fault" : x.Key)}-{key}", m))));
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        foreach (var (field, message) in errors)
        {
            AddError(field, message);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostClearFaultAsync()
    {
        try
        {
            await sandbox.SetFaultAsync(OrganisationContext.OrganisationId, AccountId, new SetSandboxFaultOptions(SandboxFault.None, 0), await GetActorAsync(), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectWithNotification($"{OrganisationPath}/sandbox", "The fault has been cleared");
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        try
        {
            await sandbox.RevokeTokenAsync(OrganisationContext.OrganisationId, AccountId, await GetActorAsync(), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectWithNotification($"{OrganisationPath}/sandbox", "The token has been revoked. Publishing with it now fails with “auth lost”");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        var accounts = await db.SandboxAccounts.AsNoTracking()
            .Where(a => a.CreatedByOrganisationId == organisationId)
            .OrderBy(a => a.Handle)
            .Select(a => new { a.Id, a.Handle, a.DisplayName, a.TokenRevoked, a.Fault, a.FaultRemaining, a.RetryAfterSeconds, Posts = db.SandboxPosts.Count(p => p.AccountId == a.Id) })
            .ToListAsync(ct);
        var channelList = await db.Channels.AsNoTracking().Where(c => c.Network == Network.Sandbox).Select(c => new { c.Id, c.Name, c.AccountId }).ToListAsync(ct);
        Accounts = [.. accounts.Select(a =>
        {
            var channel = channelList.FirstOrDefault(c => c.AccountId == a.Id.ToString());
            return new SandboxAccountRow(a.Id, a.Handle, a.DisplayName, a.TokenRevoked, a.Fault, a.FaultRemaining, a.RetryAfterSeconds, a.Posts, channel?.Id, channel?.Name);
        })];
    }
}
