using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Posts;

/// <summary>A row of the posts list.</summary>
public sealed record PostRow(Guid Id, string Title, PostState State, string Channels, DateTimeOffset? ScheduledFor, DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt, string AuthorName, bool NeedsAttention)
{
    /// <summary>The time that matters for the state: when it went out, when it goes out, or when it was last changed.</summary>
    public string Time => State switch
    {
        PostState.Published when PublishedAt is { } at => "Published " + PostDisplay.Time(at),
        _ when ScheduledFor is { } at => PostDisplay.Time(at),
        PostState.Draft or PostState.Submitted or PostState.ChangesRequested or PostState.Approved => "As soon as approved",
        _ => "Changed " + PostDisplay.Time(UpdatedAt),
    };
}

/// <summary>The organisation's posts, filtered by state.</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Show { get; set; }

    public PostFilter Filter { get; private set; } = PostDisplay.Filters[0];
    public IReadOnlyList<PostRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public int AwaitingMyApproval { get; private set; }
    public bool IsManager => OrganisationContext.Has(OrganisationRoles.CommunicationsManager);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        Filter = PostDisplay.Filters.FirstOrDefault(f => f.Key == Show) ?? PostDisplay.Filters[0];
        var states = await db.Posts.AsNoTracking().Where(p => p.OrganisationId == organisationId)
            .GroupBy(p => p.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var attention = await NeedingAttention(organisationId).CountAsync(ct);
        Counts = PostDisplay.Filters.ToDictionary(f => f.Key, f => f.Key switch
        {
            "all" => states.Values.Sum(),
            "attention" => attention,
            _ => f.States.Sum(s => states.GetValueOrDefault(s)),
        });

        var query = db.Posts.AsNoTracking().Where(p => p.OrganisationId == organisationId);
        if (Filter.Key == "attention")
        {
            var ids = NeedingAttention(organisationId).Select(p => p.Id);
            query = query.Where(p => ids.Contains(p.Id));
        }
        else if (Filter.States.Count > 0)
        {
            var filterStates = Filter.States.ToList();
            query = query.Where(p => filterStates.Contains(p.State));
        }

        var posts = await query.OrderByDescending(p => p.UpdatedAt).Take(PageSize)
            .Select(p => new { p.Id, p.Title, p.State, p.ScheduledFor, p.PublishedAt, p.UpdatedAt, p.AuthorName })
            .ToListAsync(ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var publications = await db.Publications.AsNoTracking().Where(p => postIds.Contains(p.PostId))
            .Join(db.Channels, p => p.ChannelId, c => c.Id, (p, c) => new { p.PostId, p.State, c.Name })
            .ToListAsync(ct);
        Rows = [.. posts.Select(p =>
        {
            var mine = publications.Where(x => x.PostId == p.Id && (x.State != PublicationState.Cancelled || p.State == PostState.Cancelled)).ToList();
            return new PostRow(p.Id, p.Title, p.State, mine.Count == 0 ? "None yet" : string.Join(", ", mine.Select(x => x.Name).Order()),
                p.ScheduledFor, p.PublishedAt, p.UpdatedAt, p.AuthorName, mine.Any(x => x.State is PublicationState.Failed or PublicationState.Unknown));
        })];

        if (IsManager)
        {
            var me = OrganisationContext.UserId;
            AwaitingMyApproval = await db.Posts.AsNoTracking()
                .CountAsync(p => p.OrganisationId == organisationId && p.State == PostState.Submitted && p.AuthorUserId != me
                    && !p.Approvals.Any(a => a.ApproverUserId == me && a.PostVersion == p.Version), ct);
        }
    }

    /// <summary>Failed posts, and posts with a channel that failed or whose outcome is unknown.</summary>
    private IQueryable<Post> NeedingAttention(Guid organisationId) =>
        db.Posts.Where(p => p.OrganisationId == organisationId && (p.State == PostState.Failed
            || db.Publications.Any(x => x.PostId == p.Id && (x.State == PublicationState.Failed || x.State == PublicationState.Unknown))));
}
