using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Tokens;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Profile;

public sealed record TokenRow(Guid Id, string Name, string Prefix, string Organisation, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Personal access tokens for the API: each acts for this person in one organisation.</summary>
public sealed class TokensModel(AppDbContext db, AccessTokenService tokens, TimeProvider time) : SignpostPageModel
{
    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public int ExpiresInDays { get; set; } = 90;

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];
    public IReadOnlyList<MembershipSummary> Memberships { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public static IReadOnlyList<(string Value, string Text)> ExpiryOptions { get; } =
        [("30", "30 days"), ("90", "90 days"), ("180", "180 days"), ("366", "1 year")];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var user = await GetCurrentUserAsync();
        try
        {
            var memberships = await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted);
            var organisationId = OrganisationId ?? (memberships.Count == 1 ? memberships[0].OrganisationId : Guid.Empty);
            var created = await tokens.CreateAsync(new CreateAccessTokenOptions(user.Id, organisationId, Name ?? "", ExpiresInDays),
                Signpost.Core.Features.Users.AccountService.ActorFor(user), HttpContext.RequestAborted);
            NewSecret = created.Secret;
            Name = null;
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var user = await GetCurrentUserAsync();
        try
        {
            await tokens.RevokeAsync(user.Id, id, Signpost.Core.Features.Users.AccountService.ActorFor(user), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectWithNotification("/profile/tokens", "The token has been revoked. It no longer works");
    }

    private async Task LoadAsync()
    {
        Now = time.GetUtcNow();
        Memberships = await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted);
        var userId = User.GetUserId();
        Tokens = await db.PersonalAccessTokens.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.UserId == userId)
            .Join(db.Organisations.IgnoreQueryFilters(), t => t.OrganisationId, o => o.Id,
                (t, o) => new TokenRow(t.Id, t.Name, t.Prefix, o.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(HttpContext.RequestAborted);
        Tokens = [.. Tokens.OrderByDescending(t => t.CreatedAt)];
    }
}
