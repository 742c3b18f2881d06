using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.ContentRequests;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Requests;

public sealed record RequestRow(Guid Id, string Title, ContentRequestKind Kind, string RequesterName, DateOnly? PublishBy, ContentRequestStatus Status, DateTimeOffset CreatedAt);

/// <summary>
/// Content requests (004 §6.1.3): the communications team sees every request, waiting ones first;
/// anyone else sees the requests they made.
/// </summary>
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public static IReadOnlyList<(string Value, string Text)> StatusOptions { get; } =
    [
        ("waiting", "Waiting"),
        ("accepted", "Accepted"),
        ("declined", "Declined"),
        ("withdrawn", "Withdrawn"),
        ("all", "All requests"),
    ];

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    public bool IsCommunicationsTeam { get; private set; }
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];
    public IReadOnlyList<RequestRow> Own { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var userId = OrganisationContext.UserId;
        IsCommunicationsTeam = OrganisationContext.Has(ContentRequestService.CommunicationsTeam);
        Own = await Rows(db.ContentRequests.Where(r => r.RequesterUserId == userId)).ToListAsync(ct);
        if (!IsCommunicationsTeam)
        {
            return;
        }

        Status = StatusOptions.Any(o => o.Value == Status) ? Status : "waiting";
        var query = db.ContentRequests.AsQueryable();
        query = Status switch
        {
            "waiting" => query.Where(r => r.Status == ContentRequestStatus.Submitted),
            "accepted" => query.Where(r => r.Status == ContentRequestStatus.Accepted),
            "declined" => query.Where(r => r.Status == ContentRequestStatus.Declined),
            "withdrawn" => query.Where(r => r.Status == ContentRequestStatus.Withdrawn),
            _ => query,
        };
        Requests = await Rows(query).Take(500).ToListAsync(ct);
    }

    private static IQueryable<RequestRow> Rows(IQueryable<ContentRequest> query) =>
        query.AsNoTracking().OrderByDescending(r => r.CreatedAt)
            .Select(r => new RequestRow(r.Id, r.Title, r.Kind, r.RequesterName, r.PublishBy, r.Status, r.CreatedAt));
}
