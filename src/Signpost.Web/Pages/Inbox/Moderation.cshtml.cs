using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>
/// The moderation log (000 §3.4: every action recorded): each action with its house-rules reason,
/// who took it and what the platform did, filtered by action, outcome, reason and who acted; and the
/// authors whose strikes have reached the threshold, with a block proposed.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class ModerationModel(AppDbContext db) : SignpostPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "act")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<LogRow> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }
    public IReadOnlyList<ProposedBlock> Proposed { get; private set; } = [];

    public sealed record LogRow(ModerationRecord Record, string AuthorHandle, Network Network, string ChannelName, string? MessageExcerpt);

    public sealed record ProposedBlock(Guid AuthorId, string Handle, string? DisplayName, string ChannelName, int Strikes, DateTimeOffset? LastStrikeAt);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        PageNumber = Math.Max(1, PageNumber);
        var query = db.ModerationRecords.AsNoTracking();
        if (ModerationDisplay.ParseAction(ActionFilter) is { } action)
        {
            query = query.Where(r => r.Action == action);
        }

        if (ModerationDisplay.ParseOutcome(Outcome) is { } outcome)
        {
            query = query.Where(r => r.Outcome == outcome);
        }

        if (HouseRuleReasons.Find(Reason) is { } reason)
        {
            query = query.Where(r => r.ReasonCode == reason.Code);
        }

        query = By switch
        {
            "people" => query.Where(r => !r.Automatic),
            "rules" => query.Where(r => r.Automatic),
            _ => query,
        };

        var records = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = records.Count > PageSize;
        records = records.Take(PageSize).ToList();

        var authorIds = records.Select(r => r.AuthorId).Distinct().ToList();
        var authors = await db.PublicAuthors.AsNoTracking().Where(a => authorIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Handle, a.Network, a.ChannelId }).ToDictionaryAsync(a => a.Id, ct);
        var messageIds = records.Where(r => r.MessageId is not null).Select(r => r.MessageId!.Value).Distinct().ToList();
        var messages = await db.InboxMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Text, m.RedactedAt }).ToDictionaryAsync(m => m.Id, ct);
        var channels = await ChannelNamesAsync(ct);
        Rows = records.Select(r =>
        {
            var author = authors.GetValueOrDefault(r.AuthorId);
            var excerpt = r.MessageId is { } id && messages.TryGetValue(id, out var m)
                ? m.RedactedAt is null ? ModerationDisplay.Excerpt(m.Text, 80) : "(redacted)"
                : null;
            return new LogRow(r, author?.Handle ?? "unknown", author?.Network ?? Network.Sandbox,
                author is null ? "" : channels.GetValueOrDefault(author.ChannelId, ""), excerpt);
        }).ToList();

        var proposed = await db.PublicAuthors.AsNoTracking().Where(a => a.BlockProposed && !a.Blocked)
            .OrderByDescending(a => a.Strikes).ThenBy(a => a.Handle).Take(100).ToListAsync(ct);
        var proposedIds = proposed.Select(a => a.Id).ToList();
        var lastStrikes = await db.AuthorStrikes.AsNoTracking().Where(s => proposedIds.Contains(s.AuthorId))
            .GroupBy(s => s.AuthorId).Select(g => new { g.Key, Last = g.Max(s => s.CreatedAt) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        Proposed = proposed.Select(a => new ProposedBlock(a.Id, a.Handle, a.DisplayName, channels.GetValueOrDefault(a.ChannelId, ""), a.Strikes,
            lastStrikes.TryGetValue(a.Id, out var last) ? last : null)).ToList();
    }

    private async Task<Dictionary<Guid, string>> ChannelNamesAsync(CancellationToken ct) =>
        await db.Channels.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    /// <summary>The address of this page with the current filters and another page number.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("act", ActionFilter);
        Add("outcome", Outcome);
        Add("reason", Reason);
        Add("by", By);
        if (page > 1)
        {
            query.Add($"p={page}");
        }

        return $"{OrganisationPath}/inbox/moderation" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}

/// <summary>Words and tags for moderation, shared by the moderation pages.</summary>
public static class ModerationDisplay
{
    public static IReadOnlyList<ModerationAction> Actions { get; } = Enum.GetValues<ModerationAction>();

    public static string ActionName(ModerationAction action) => action switch
    {
        ModerationAction.Hide => "Hide",
        ModerationAction.Unhide => "Show again",
        ModerationAction.Delete => "Delete",
        ModerationAction.Block => "Block author",
        ModerationAction.Unblock => "Unblock author",
        ModerationAction.Report => "Report to the platform",
        _ => action.ToString(),
    };

    public static string ActionCode(ModerationAction action) => action.ToString().ToLowerInvariant();

    public static ModerationAction? ParseAction(string? value) =>
        Enum.GetValues<ModerationAction>().Cast<ModerationAction?>().FirstOrDefault(a => string.Equals(a.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string OutcomeName(ModerationOutcome outcome) => outcome switch
    {
        ModerationOutcome.Done => "Done",
        ModerationOutcome.Failed => "Failed",
        _ => "Not possible on the platform",
    };

    public static string OutcomeCode(ModerationOutcome outcome) => outcome switch
    {
        ModerationOutcome.Done => "done",
        ModerationOutcome.Failed => "failed",
        _ => "not-supported",
    };

    public static ModerationOutcome? ParseOutcome(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "done" => ModerationOutcome.Done,
        "failed" => ModerationOutcome.Failed,
        "not-supported" => ModerationOutcome.NotSupported,
        _ => null,
    };

    public static string OutcomeTag(ModerationOutcome outcome) => outcome switch
    {
        ModerationOutcome.Done => "nhsuk-tag--green",
        ModerationOutcome.Failed => "nhsuk-tag--red",
        _ => "nhsuk-tag--orange",
    };

    public static string VisibilityName(InboxVisibility visibility) => visibility switch
    {
        InboxVisibility.Hidden => "Hidden",
        InboxVisibility.Deleted => "Deleted",
        _ => "Visible",
    };

    public static string VisibilityTag(InboxVisibility visibility) => visibility switch
    {
        InboxVisibility.Hidden => "nhsuk-tag--grey",
        InboxVisibility.Deleted => "nhsuk-tag--red",
        _ => "nhsuk-tag--white",
    };

    public static string ReasonText(string code) => HouseRuleReasons.Find(code)?.Text ?? code;

    public static string KindName(InboundKind kind) => kind switch
    {
        InboundKind.Comment => "Comment",
        InboundKind.Message => "Direct message",
        InboundKind.Mention => "Mention",
        InboundKind.Reply => "Reply",
        _ => kind.ToString(),
    };

    public static string LabelName(TriageLabel label) => label switch
    {
        TriageLabel.ImmediateDanger => "Immediate danger",
        TriageLabel.Safeguarding => "Safeguarding",
        TriageLabel.PatientSafety => "Patient safety",
        TriageLabel.MedicalQuestion => "Medical question",
        TriageLabel.Complaint => "Complaint",
        TriageLabel.Abuse => "Abuse",
        TriageLabel.Discrimination => "Discrimination",
        TriageLabel.Misinformation => "Misinformation",
        TriageLabel.Spam => "Spam",
        TriageLabel.Legal => "Legal",
        TriageLabel.Media => "Media",
        TriageLabel.Foi => "Freedom of information",
        TriageLabel.PersonalData => "Personal data",
        TriageLabel.Criticism => "Criticism",
        TriageLabel.Praise => "Praise",
        TriageLabel.Enquiry => "Enquiry",
        _ => label.ToString(),
    };

    /// <summary>The house-rules reasons, those that suit the message's labels first.</summary>
    public static IReadOnlyList<(string Value, string Text)> ReasonOptions(IReadOnlyList<TriageLabel> labels, string placeholder)
    {
        var suited = HouseRuleReasons.All.Where(r => r.SuitsLabels.Any(labels.Contains)).ToList();
        var options = new List<(string, string)> { ("", placeholder) };
        options.AddRange(suited.Select(r => (r.Code, r.Text + " (suggested)")));
        options.AddRange(HouseRuleReasons.All.Except(suited).Select(r => (r.Code, r.Text)));
        return options;
    }

    public static string Excerpt(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..(length - 1)].TrimEnd() + "…";
    }

    public static string Who(ModerationRecord record) => record.Automatic ? $"{record.ActorName} (automatic)" : record.ActorName;
}
