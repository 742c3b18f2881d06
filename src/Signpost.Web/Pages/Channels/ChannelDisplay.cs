using Signpost.Core.Features.Channels;
using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Web.Pages.Channels;

/// <summary>How channels are shown: words and NHS.UK tag colours (the words always carry the meaning, never the colour alone).</summary>
public static class ChannelDisplay
{
    public static string StatusText(ChannelStatus status) => status switch
    {
        ChannelStatus.Active => "Active",
        ChannelStatus.Paused => "Paused",
        _ => "Disconnected",
    };

    public static string StatusTagClass(ChannelStatus status) => status switch
    {
        ChannelStatus.Active => "nhsuk-tag--green",
        ChannelStatus.Paused => "nhsuk-tag--yellow",
        _ => "nhsuk-tag--red",
    };

    /// <summary>Red once expired, orange while it expires within the week.</summary>
    public static string ExpiryTagClass(DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt <= now ? "nhsuk-tag--red" : "nhsuk-tag--orange";

    public static string AccountKindText(AccountKind kind) => kind switch
    {
        AccountKind.Departmental => "Departmental",
        AccountKind.Personal => "Personal",
        _ => "Corporate",
    };

    public static string NetworkName(Network network) => NetworkNames.DisplayName(network);

    /// <summary>The value a network has in addresses and forms (lowercase, as the API spells it).</summary>
    public static string NetworkKey(Network network) => network.ToString().ToLowerInvariant();

    public static IReadOnlyList<(string Value, string Text)> AccountKindOptions { get; } =
        [(nameof(AccountKind.Corporate), "Corporate: speaks for the whole organisation"), (nameof(AccountKind.Departmental), "Departmental: a team or service of the organisation")];

    public static IReadOnlyList<(string Value, string Text)> ApprovalOptions { get; } =
        [.. Enumerable.Range(1, ChannelService.MaxApprovals).Select(n => (n.ToString(System.Globalization.CultureInfo.InvariantCulture), n == 1 ? "1 approver" : $"{n} different approvers"))];
}

/// <summary>How a publication's state is shown on a channel's page.</summary>
public static class PublicationDisplay
{
    public static string StateText(Signpost.Core.Features.Posts.PublicationState state) => state switch
    {
        Signpost.Core.Features.Posts.PublicationState.Pending => "Waiting",
        Signpost.Core.Features.Posts.PublicationState.Publishing => "Publishing",
        Signpost.Core.Features.Posts.PublicationState.Published => "Published",
        Signpost.Core.Features.Posts.PublicationState.Failed => "Failed",
        Signpost.Core.Features.Posts.PublicationState.Unknown => "Outcome unknown",
        _ => "Cancelled",
    };

    public static string StateTagClass(Signpost.Core.Features.Posts.PublicationState state) => state switch
    {
        Signpost.Core.Features.Posts.PublicationState.Published => "nhsuk-tag--green",
        Signpost.Core.Features.Posts.PublicationState.Failed => "nhsuk-tag--red",
        Signpost.Core.Features.Posts.PublicationState.Unknown => "nhsuk-tag--orange",
        Signpost.Core.Features.Posts.PublicationState.Cancelled => "nhsuk-tag--grey",
        _ => "nhsuk-tag--blue",
    };

    /// <summary>A post's name for the list: its title, or the start of its text.</summary>
    public static string Label(string title, string text)
    {
        if (!string.IsNullOrWhiteSpace(title))
        {
            return title;
        }

        var oneLine = string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length <= 80 ? oneLine : oneLine[..79] + "…";
    }
}
