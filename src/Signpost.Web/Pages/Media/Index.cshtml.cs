using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Media;

public sealed record MediaRow(Guid Id, string Name, string FileName, MediaType Type, string ContentType, long SizeBytes, int? Width, int? Height,
    string? AltText, bool HasCaptions, DateTimeOffset CreatedAt)
{
    /// <summary>What an accessible post still needs: alt text for pictures, captions for videos.</summary>
    public string? Missing => Type == MediaType.Video
        ? (HasCaptions ? null : "Captions missing")
        : (string.IsNullOrWhiteSpace(AltText) ? "Alt text missing" : null);
}

/// <summary>The organisation's media library, newest first, as a grid of pictures or a list.</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public const int PageSize = 48;

    [FromQuery(Name = "view")]
    public string? View { get; set; }

    [FromQuery(Name = "show")]
    public string? Show { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public bool AsList => View == "list";
    public bool OnlyMissing => Show == "missing";
    public IReadOnlyList<MediaRow> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        var query = db.MediaItems.AsNoTracking().Where(m => m.DeletedAt == null);
        if (OnlyMissing)
        {
            query = query.Where(m => m.Type == MediaType.Video ? m.Captions == null : (m.AltText == null || m.AltText == ""));
        }

        Total = await query.CountAsync(HttpContext.RequestAborted);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new MediaRow(m.Id, m.Title ?? m.FileName, m.FileName, m.Type, m.ContentType, m.SizeBytes, m.Width, m.Height, m.AltText, m.Captions != null, m.CreatedAt))
            .ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>This page's address with one query value changed, keeping the others.</summary>
    public string Link(string? view = null, string? show = null, int? page = null)
    {
        var values = new List<string>();
        var v = view ?? View;
        var s = show ?? Show;
        if (v == "list")
        {
            values.Add("view=list");
        }

        if (s == "missing")
        {
            values.Add("show=missing");
        }

        if ((page ?? 1) > 1)
        {
            values.Add($"page={page}");
        }

        return $"{OrganisationPath}/media" + (values.Count > 0 ? "?" + string.Join("&", values) : "");
    }
}
