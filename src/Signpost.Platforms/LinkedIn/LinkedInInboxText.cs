using System.Text.RegularExpressions;

namespace Signpost.Platforms.LinkedIn;

/// <summary>Comment URNs, addresses and text as the LinkedIn inbox reads them.</summary>
internal static partial class LinkedInInboxText
{
    /// <summary>
    /// A comment URN is composite: <c>urn:li:comment:(urn:li:activity:7263…,7264…)</c>, the thread's
    /// activity and the comment's own id (Comments API). Returns both parts, or null when it is not one.
    /// </summary>
    public static (string Thread, string CommentId)? SplitCommentUrn(string? urn)
    {
        var match = CommentUrn().Match(urn ?? "");
        return match.Success ? (match.Groups["thread"].Value, match.Groups["id"].Value) : null;
    }

    public static bool IsCommentUrn(string? urn) => SplitCommentUrn(urn) is not null;

    /// <summary>Where people see a comment: the post's feed address with the comment picked out.</summary>
    public static Uri CommentUrl(string postUrn, string commentUrn) =>
        new($"https://www.linkedin.com/feed/update/{postUrn}/?commentUrn={Uri.EscapeDataString(commentUrn)}");

    /// <summary>
    /// A post's <c>commentary</c> in LinkedIn's "little" format as the plain text a person sees:
    /// mentions <c>@[Name](urn:li:…)</c> become <c>@Name</c>, hashtag templates
    /// <c>{hashtag|\#|Tag}</c> become <c>#Tag</c>, and backslash escapes are undone.
    /// </summary>
    public static string FromLittle(string? commentary)
    {
        if (string.IsNullOrEmpty(commentary))
        {
            return "";
        }

        var text = Mention().Replace(commentary, m => "@" + m.Groups["name"].Value);
        text = Hashtag().Replace(text, m => "#" + m.Groups["tag"].Value);
        return Escaped().Replace(text, "$1").Trim();
    }

    [GeneratedRegex(@"^urn:li:comment:\((?<thread>urn:li:[A-Za-z]+:[^,()]+),(?<id>[^,()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CommentUrn();

    [GeneratedRegex(@"@\[(?<name>[^\]]*)\]\(urn:li:[^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\{hashtag\|\\?#\|(?<tag>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"\\(.)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Escaped();
}
