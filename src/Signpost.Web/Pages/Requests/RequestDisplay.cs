using Signpost.Core.Features.ContentRequests;

namespace Signpost.Web.Pages.Requests;

/// <summary>How the content request pages name kinds and statuses.</summary>
public static class RequestDisplay
{
    public static IReadOnlyList<(ContentRequestKind Kind, string Text, string Hint)> Kinds { get; } =
    [
        (ContentRequestKind.News, "News", "Something your team has done or is doing"),
        (ContentRequestKind.Event, "An event", "Something people can go to or join online"),
        (ContentRequestKind.Vacancy, "A job vacancy", "A role people can apply for"),
        (ContentRequestKind.Campaign, "A campaign", "Messages over days or weeks, like a vaccination drive"),
        (ContentRequestKind.Other, "Something else", ""),
    ];

    public static string Kind(ContentRequestKind kind) => kind switch
    {
        ContentRequestKind.News => "News",
        ContentRequestKind.Event => "Event",
        ContentRequestKind.Vacancy => "Job vacancy",
        ContentRequestKind.Campaign => "Campaign",
        _ => "Something else",
    };

    public static string Status(ContentRequestStatus status) => status switch
    {
        ContentRequestStatus.Submitted => "Waiting",
        ContentRequestStatus.Accepted => "Accepted",
        ContentRequestStatus.Declined => "Declined",
        _ => "Withdrawn",
    };

    /// <summary>The tag's colour class; the words always say the status too.</summary>
    public static string StatusTag(ContentRequestStatus status) => status switch
    {
        ContentRequestStatus.Submitted => "nhsuk-tag nhsuk-tag--blue",
        ContentRequestStatus.Accepted => "nhsuk-tag nhsuk-tag--green",
        ContentRequestStatus.Declined => "nhsuk-tag nhsuk-tag--red",
        _ => "nhsuk-tag nhsuk-tag--grey",
    };

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
