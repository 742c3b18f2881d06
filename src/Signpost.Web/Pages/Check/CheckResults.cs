using System.Globalization;
using Microsoft.AspNetCore.Html;
using Signpost.Policy;

namespace Signpost.Web.Pages.Check;

/// <summary>The findings for one platform (or for none), with the text marked up where each applies.</summary>
public sealed record CheckedPlatform(string Key, string Name, string Text, IReadOnlyList<Finding> Findings, IHtmlContent MarkedText)
{
    public string FindingId(int index) => $"finding-{Key}-{index + 1}";

    public string Summary => Describe(Findings);

    /// <summary>"3 findings (1 error, 2 warnings)" or "No findings".</summary>
    public static string Describe(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return "No findings";
        }

        var counts = new[] { Severity.Error, Severity.Warning, Severity.Info }
            .Select(s => (Severity: s, Count: findings.Count(f => f.Severity == s)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {SeverityName(c.Severity).ToLowerInvariant()}{(c.Count == 1 || c.Severity == Severity.Info ? "" : "s")}");
        return $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")} ({string.Join(", ", counts)})";
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "Error",
        Severity.Warning => "Warning",
        _ => "Info",
    };

    /// <summary>NHS.UK tag colours: red blocks scheduling, orange needs a look, blue is advice.</summary>
    public static string TagClass(Severity severity) => severity switch
    {
        Severity.Error => "nhsuk-tag--red",
        Severity.Warning => "nhsuk-tag--orange",
        _ => "nhsuk-tag--blue",
    };
}

/// <summary>What the "Check a post" page shows after a check, with or without JavaScript.</summary>
public sealed record CheckResults(IReadOnlyList<CheckedPlatform> Platforms, string? FixUsed = null)
{
    public int Count => Platforms.Sum(p => p.Findings.Count);

    /// <summary>What the live region announces: the counts, never the whole list.</summary>
    public string Summary => Platforms.Count == 1 && Platforms[0].Key == "any"
        ? Platforms[0].Summary + "."
        : string.Join(". ", Platforms.Select(p => $"{p.Name}: {char.ToLowerInvariant(p.Summary[0])}{p.Summary[1..]}")) + ".";

    public static CheckResults For(PolicyEngine engine, IReadOnlyList<Post> posts, string? fixUsed = null) =>
        new([.. posts.Select(post =>
        {
            var findings = engine.Check(post);
            var (key, name) = post.Platform is { } platform
                ? (CheckForm.PlatformOptions.First(p => p.Platform == platform).Value, CheckForm.PlatformOptions.First(p => p.Platform == platform).Text)
                : ("any", "Any platform");
            return new CheckedPlatform(key, name, post.Text, findings, FindingMarks.Mark(post.Text, findings, i => $"finding-{key}-{i + 1}"));
        })], fixUsed);

    /// <summary>The value of a finding's "Use this fix" button: which finding, not what to write.</summary>
    public static string FixValue(Finding finding) =>
        string.Create(CultureInfo.InvariantCulture, $"{finding.Code}:{finding.Start}:{finding.Length}");
}

/// <summary>
/// Marks each finding's span in the text: <c>&lt;mark&gt;</c> around the words, a numbered link to the
/// finding's explanation after them, and visually hidden words where each finding starts and ends
/// for screen readers. Spans may overlap: the text is cut at every start and end, and each piece is
/// marked with the most severe finding covering it. Every piece of text is HTML-encoded.
/// </summary>
public static class FindingMarks
{
    public static IHtmlContent Mark(string text, IReadOnlyList<Finding> findings, Func<int, string> findingId)
    {
        var spans = new List<(int Index, int Start, int End, Severity Severity)>();
        for (var i = 0; i < findings.Count; i++)
        {
            if (SpanOf(text, findings[i]) is { } span)
            {
                spans.Add((i, span.Start, span.End, findings[i].Severity));
            }
        }

        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var span in spans)
        {
            cuts.Add(span.Start);
            cuts.Add(span.End);
        }

        var html = new HtmlContentBuilder();
        var points = cuts.ToArray();
        for (var p = 0; p < points.Length; p++)
        {
            var at = points[p];
            // Ends before starts at the same point, so that the numbers follow their own words.
            foreach (var span in spans.Where(s => s.End == at).OrderBy(s => s.Index))
            {
                var number = span.Index + 1;
                html.AppendHtml($"<a class=\"signpost-mark__ref\" href=\"#{findingId(span.Index)}\"><span class=\"nhsuk-u-visually-hidden\">(end of finding </span>{number}<span class=\"nhsuk-u-visually-hidden\">)</span></a>");
            }

            foreach (var span in spans.Where(s => s.Start == at).OrderBy(s => s.Index))
            {
                html.AppendHtml($"<span class=\"nhsuk-u-visually-hidden\">(finding {span.Index + 1}, {CheckedPlatform.SeverityName(span.Severity).ToLowerInvariant()}:) </span>");
            }

            if (p == points.Length - 1)
            {
                break;
            }

            var piece = text[at..points[p + 1]];
            var covering = spans.Where(s => s.Start <= at && s.End >= points[p + 1]).ToList();
            if (covering.Count == 0)
            {
                html.Append(piece);
                continue;
            }

            var severity = covering.Max(s => s.Severity);
            html.AppendHtml($"<mark class=\"signpost-mark signpost-mark--{CheckedPlatform.SeverityName(severity).ToLowerInvariant()}\">");
            html.Append(piece);
            html.AppendHtml("</mark>");
        }

        return html;
    }

    /// <summary>
    /// The finding's span as UTF-16 offsets within the text, widened so as never to split a
    /// surrogate pair; null for a whole-post finding or a span that does not fit the text.
    /// </summary>
    public static (int Start, int End)? SpanOf(string text, Finding finding)
    {
        if (finding.Start is not { } start || finding.Length is not { } length || length <= 0 || start < 0 || start >= text.Length)
        {
            return null;
        }

        var end = (int)Math.Min((long)start + length, text.Length);
        if (start > 0 && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]))
        {
            start--;
        }

        if (end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>The words a finding is about, for its explanation; null for a whole-post finding.</summary>
    public static string? Quote(string text, Finding finding) =>
        SpanOf(text, finding) is { } span ? text[span.Start..span.End] : null;

    /// <summary>
    /// The text with the finding's suggestion used, or null when the suggestion is advice rather
    /// than words to use. PLATFORM-LENGTH suggests the whole text shortened, not the overflow.
    /// </summary>
    public static string? ApplyFix(string text, Finding finding)
    {
        if (finding.Suggestion is not { } suggestion)
        {
            return null;
        }

        if (finding.Code == "PLATFORM-LENGTH")
        {
            return suggestion;
        }

        return SpanOf(text, finding) is { } span ? string.Concat(text.AsSpan(0, span.Start), suggestion, text.AsSpan(span.End)) : null;
    }

    /// <summary>Whether a finding gets a "Use this fix" button.</summary>
    public static bool HasFix(string text, Finding finding) =>
        finding.Suggestion is not null && (finding.Code == "PLATFORM-LENGTH" || SpanOf(text, finding) is not null);
}
