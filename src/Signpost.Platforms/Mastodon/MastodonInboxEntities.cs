using System.Net;
using System.Text.RegularExpressions;

namespace Signpost.Platforms.Mastodon;

/// <summary>Notification (Entities, "Notification"): only the fields the inbox reads.</summary>
internal sealed record MastodonNotification(string Id, string Type, DateTimeOffset? CreatedAt, MastodonInboxAccount? Account, MastodonInboxStatus? Status);

/// <summary>The Account of a notification or status.</summary>
internal sealed record MastodonInboxAccount(string Id, string Username, string? Acct, string? DisplayName, string? Url);

/// <summary>
/// Status as the inbox reads it: <c>visibility</c> is public, unlisted, private (followers only) or
/// direct (a private mention: only the mentioned accounts see it).
/// </summary>
internal sealed record MastodonInboxStatus(
    string Id,
    DateTimeOffset? CreatedAt,
    string? InReplyToId,
    string? InReplyToAccountId,
    string? Visibility,
    string? SpoilerText,
    string? Content,
    string? Url,
    string? Uri,
    MastodonInboxAccount? Account);

/// <summary>Context (Entities, "Context"): the ancestors of a status, oldest first.</summary>
internal sealed record MastodonContext(IReadOnlyList<MastodonInboxStatus>? Ancestors);

/// <summary>Report (Entities, "Report"): its id is kept as the platform reference.</summary>
internal sealed record MastodonReport(string Id, string? Category);

/// <summary>Plain text and handles from what Mastodon sends.</summary>
internal static partial class MastodonInboxText
{
    /// <summary>
    /// A status's HTML <c>content</c> (Entities, "Status": HTML the instance made from the text) as
    /// the plain text the person wrote: line breaks and paragraphs become new lines, every tag is
    /// removed, and only then are entities decoded, so that "&amp;lt;script&amp;gt;" typed by a person
    /// comes back as the characters they typed and is never turned into markup.
    /// </summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = LineBreak().Replace(html, "\n");
        text = ParagraphBreak().Replace(text, "\n\n");
        text = Tag().Replace(text, "");
        return WebUtility.HtmlDecode(text).Trim();
    }

    /// <summary>The text of a status, with its content warning (spoiler text) first when it has one.</summary>
    public static string StatusText(MastodonInboxStatus status)
    {
        var body = ToPlainText(status.Content);
        return string.IsNullOrWhiteSpace(status.SpoilerText) ? body : $"{status.SpoilerText.Trim()}\n\n{body}".Trim();
    }

    /// <summary>
    /// The account's full handle, <c>user@server</c>: <c>acct</c> is only the username for an account
    /// on the channel's own instance (Entities, "Account", acct), so the instance's host is added.
    /// </summary>
    public static string FullHandle(MastodonInboxAccount account, Uri instance)
    {
        var acct = string.IsNullOrWhiteSpace(account.Acct) ? account.Username : account.Acct.Trim().TrimStart('@');
        return acct.Contains('@', StringComparison.Ordinal) ? acct : $"{acct}@{instance.Host}";
    }

    /// <summary>Mastodon ids are numbers written as strings, which may outgrow a long: longer is newer, then by digits.</summary>
    public static int CompareIds(string? a, string? b)
    {
        a ??= "";
        b ??= "";
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"</p>\s*<p(\s[^>]*)?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
