using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>
/// The inbox (issue 5, 004 §6.3): every comment, message and mention across the channels, with
/// filters in the address (a GET form), newest or most urgent first, keyset-paged. Works without
/// JavaScript; with it, inbox.mjs asks the Live handler for new messages every few seconds.
/// </summary>
[RequireRoles(InboxService.InboxRoles)]
public sealed class IndexModel(InboxService inbox, ICompositeViewEngine viewEngine) : SignpostPageModel
{
    public const string RowsPartial = "_InboxRows";

    [FromQuery(Name = "channel")]
    public string? Channel { get; set; }

    [FromQuery(Name = "label")]
    public string? Label { get; set; }

    [FromQuery(Name = "priority")]
    public string? Priority { get; set; }

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "assignee")]
    public string? Assignee { get; set; }

    [FromQuery(Name = "clock")]
    public string? Clock { get; set; }

    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    [FromQuery(Name = "order")]
    public string? Order { get; set; }

    [FromQuery(Name = "after")]
    public string? After { get; set; }

    public InboxListPage Results { get; private set; } = new([], null);
    public IReadOnlyList<(string Value, string Text)> ChannelOptions { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> AssigneeOptions { get; private set; } = [];

    /// <summary>The newest received time shown, for live updates (UTC ticks).</summary>
    public long Since { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var options = await inbox.FilterOptionsAsync(OrganisationContext.OrganisationId, ct);
        ChannelOptions = [("", "Any channel"), .. options.Channels.Select(c => (c.Id.ToString(), c.Name))];
        AssigneeOptions = [("", "Anyone or no one"), ("me", "Me"), ("unassigned", "No one (unassigned)"),
            .. options.Assignees.Select(a => (a.UserId.ToString(), a.Name))];
        Normalise();
        Results = await inbox.ListAsync(OrganisationContext.Current, Query() with { Cursor = After }, ct);
        Since = (Results.Items.Count > 0 ? Results.Items.Max(i => i.ReceivedAt) : DateTimeOffset.UtcNow).UtcTicks;
    }

    /// <summary>For inbox.mjs: the messages matching the filters that arrived after <paramref name="since"/>, as table rows.</summary>
    public async Task<IActionResult> OnGetLiveAsync(long since)
    {
        Normalise();
        var after = new DateTimeOffset(Math.Clamp(since, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
        var page = await inbox.ListAsync(OrganisationContext.Current, Query() with { ReceivedAfter = after, Order = InboxOrder.Newest, PageSize = 20 }, HttpContext.RequestAborted);
        var newest = page.Items.Count > 0 ? page.Items.Max(i => i.ReceivedAt).UtcTicks : since;
        return new JsonResult(new
        {
            count = page.Items.Count,
            more = page.NextCursor is not null,
            since = newest.ToString(CultureInfo.InvariantCulture),
            html = page.Items.Count == 0 ? "" : await RenderRowsAsync(page.Items),
        });
    }

    public InboxQuery Query() => new(
        Guid.TryParse(Channel, out var channel) ? channel : null,
        InboxDisplay.ParseLabel(Label),
        InboxDisplay.ParsePriority(Priority),
        InboxDisplay.ParseStatuses(Status),
        Assignee,
        OrganisationContext.UserId,
        InboxDisplay.ParseClock(Clock),
        Search,
        Order == "urgent" ? InboxOrder.MostUrgent : InboxOrder.Newest);

    /// <summary>The filters as query string values, for the next page's link.</summary>
    public string FilterQuery(string? after)
    {
        var values = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("channel", Channel);
        Add("label", Label);
        Add("priority", Priority);
        Add("status", Status);
        Add("assignee", Assignee);
        Add("clock", Clock);
        Add("q", Search);
        Add("order", Order);
        Add("after", after);
        return string.Join("&", values);
    }

    private void Normalise()
    {
        Channel = ChannelOptions.Count == 0 || ChannelOptions.Any(o => o.Value == Channel) ? Channel : "";
        Label = InboxDisplay.ParseLabel(Label) is null ? "" : Label;
        Priority = InboxDisplay.ParsePriority(Priority) is null ? "" : Priority;
        Status = InboxDisplay.StatusOptions.Any(o => o.Value == Status) ? Status : "open";
        Assignee = Assignee is "me" or "unassigned" || Guid.TryParse(Assignee, out _) ? Assignee : "";
        Clock = InboxDisplay.ClockCode(InboxDisplay.ParseClock(Clock));
        Order = Order == "urgent" ? "urgent" : "newest";
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
    }

    private async Task<string> RenderRowsAsync(IReadOnlyList<InboxListItem> items)
    {
        var view = viewEngine.FindView(PageContext, RowsPartial, isMainPage: false);
        if (!view.Success)
        {
            throw new InvalidOperationException($"The partial {RowsPartial} was not found.");
        }

        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<IReadOnlyList<InboxListItem>>(ViewData, items);
        var context = new ViewContext(PageContext, view.View, viewData, TempData, writer, new HtmlHelperOptions());
        await view.View.RenderAsync(context);
        return writer.ToString();
    }
}
