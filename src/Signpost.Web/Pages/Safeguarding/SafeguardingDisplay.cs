using Signpost.Core.Features.Inbox;

namespace Signpost.Web.Pages.Safeguarding;

/// <summary>How the safeguarding pages show a referral's status.</summary>
public static class SafeguardingDisplay
{
    public static IReadOnlyList<SafeguardingStatus> Statuses { get; } = [SafeguardingStatus.New, SafeguardingStatus.InProgress, SafeguardingStatus.ReferredOn, SafeguardingStatus.Closed];

    public static string Status(SafeguardingStatus status) => SafeguardingService.StatusText(status);

    public static string StatusTag(SafeguardingStatus status) => status switch
    {
        SafeguardingStatus.New => "nhsuk-tag nhsuk-tag--red",
        SafeguardingStatus.InProgress => "nhsuk-tag nhsuk-tag--orange",
        SafeguardingStatus.ReferredOn => "nhsuk-tag nhsuk-tag--blue",
        _ => "nhsuk-tag nhsuk-tag--grey",
    };

    public static string StatusHint(SafeguardingStatus status) => status switch
    {
        SafeguardingStatus.New => "Not looked at yet",
        SafeguardingStatus.InProgress => "A safeguarding lead is dealing with it",
        SafeguardingStatus.ReferredOn => "Passed to the police or the child or adult safeguarding team",
        _ => "Nothing more to do",
    };
}
