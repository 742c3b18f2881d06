using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Web.Pages.Inbox;

/// <summary>The words and tags the inbox pages show. Every tag has words: colour only repeats them.</summary>
public static class InboxDisplay
{
    public static string Label(TriageLabel label) => label switch
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
        TriageLabel.Media => "Media enquiry",
        TriageLabel.Foi => "Freedom of information",
        TriageLabel.PersonalData => "Personal data",
        TriageLabel.Criticism => "Criticism",
        TriageLabel.Praise => "Praise",
        TriageLabel.Enquiry => "Enquiry",
        _ => label.ToString(),
    };

    public static string LabelTag(TriageLabel label) => label.PriorityOf() switch
    {
        TriagePriority.Urgent => "nhsuk-tag--red",
        TriagePriority.High => "nhsuk-tag--orange",
        TriagePriority.Normal => "nhsuk-tag--blue",
        _ => "nhsuk-tag--grey",
    };

    public static string Priority(TriagePriority priority) => priority switch
    {
        TriagePriority.Urgent => "Urgent",
        TriagePriority.High => "High",
        TriagePriority.Normal => "Normal",
        _ => "Low",
    };

    public static string PriorityTag(TriagePriority priority) => priority switch
    {
        TriagePriority.Urgent => "nhsuk-tag--red",
        TriagePriority.High => "nhsuk-tag--orange",
        TriagePriority.Normal => "nhsuk-tag--blue",
        _ => "nhsuk-tag--grey",
    };

    public static string PriorityCode(TriagePriority priority) => priority.ToString().ToLowerInvariant();

    public static string Status(InboxStatus status) => InboxService.StatusText(status);

    public static string StatusTag(InboxStatus status) => status switch
    {
        InboxStatus.New => "nhsuk-tag--blue",
        InboxStatus.Assigned => "nhsuk-tag--purple",
        InboxStatus.AwaitingDepartment => "nhsuk-tag--yellow",
        InboxStatus.Replied => "nhsuk-tag--green",
        _ => "nhsuk-tag--grey",
    };

    public static string Kind(InboundKind kind) => kind switch
    {
        InboundKind.Comment => "Comment",
        InboundKind.Message => "Direct message",
        InboundKind.Mention => "Mention",
        InboundKind.Reply => "Reply",
        _ => kind.ToString(),
    };

    public static string Network(Network network) => NetworkNames.DisplayName(network);

    public static string Visibility(InboxVisibility visibility) => visibility switch
    {
        InboxVisibility.Hidden => "Hidden on the platform",
        InboxVisibility.Deleted => "Deleted from the platform",
        _ => "Visible",
    };

    public static string ReplyState(InboxReplyState state) => state switch
    {
        InboxReplyState.Sending => "Sending",
        InboxReplyState.Sent => "Sent",
        _ => "Not sent",
    };

    public static IReadOnlyList<(string Value, string Text)> LabelOptions { get; } =
        [("", "Any label"), .. TriageLabels.All.Select(l => (l.ToCode(), Label(l)))];

    public static IReadOnlyList<(string Value, string Text)> PriorityOptions { get; } =
        [("", "Any priority"), .. Enum.GetValues<TriagePriority>().Select(p => (PriorityCode(p), Priority(p)))];

    public static IReadOnlyList<(string Value, string Text)> StatusOptions { get; } =
        [("open", "Open (not closed)"), .. Enum.GetValues<InboxStatus>().Select(s => (InboxService.StatusCode(s), Status(s))), ("all", "Any status")];

    public static IReadOnlyList<(string Value, string Text)> ClockOptions { get; } =
    [
        ("", "Any"),
        ("waiting", "Waiting for a first response"),
        ("due-soon", "Due soon"),
        ("breached", "Breached (overdue or answered late)"),
        ("responded", "Responded"),
        ("not-counted", "Not counted"),
    ];

    public static IReadOnlyList<(string Value, string Text)> OrderOptions { get; } = [("newest", "Newest first"), ("urgent", "Most urgent first")];

    public static ClockFilter ParseClock(string? value) => value switch
    {
        "waiting" => ClockFilter.Waiting,
        "due-soon" => ClockFilter.DueSoon,
        "breached" => ClockFilter.Breached,
        "responded" => ClockFilter.Responded,
        "not-counted" => ClockFilter.NotCounted,
        _ => ClockFilter.Any,
    };

    public static string ClockCode(ClockFilter filter) => filter switch
    {
        ClockFilter.Waiting => "waiting",
        ClockFilter.DueSoon => "due-soon",
        ClockFilter.Breached => "breached",
        ClockFilter.Responded => "responded",
        ClockFilter.NotCounted => "not-counted",
        _ => "",
    };

    public static TriageLabel? ParseLabel(string? value) => value is not null && TriageLabels.TryParse(value, out var label) ? label : null;

    public static TriagePriority? ParsePriority(string? value) =>
        Enum.GetValues<TriagePriority>().Cast<TriagePriority?>().FirstOrDefault(p => PriorityCode(p!.Value) == value);

    /// <summary>"open" (default), "all", or one status code.</summary>
    public static IReadOnlyList<InboxStatus>? ParseStatuses(string? value) => value switch
    {
        null or "" or "open" => [InboxStatus.New, InboxStatus.Assigned, InboxStatus.AwaitingDepartment, InboxStatus.Replied],
        "all" => null,
        _ => InboxService.ParseStatus(value) is { } status ? [status] : [InboxStatus.New, InboxStatus.Assigned, InboxStatus.AwaitingDepartment, InboxStatus.Replied],
    };
}
