using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-LONG-LINES: a line or paragraph longer than the organisation's limit. 001 §7.1: "Limit line
/// length"; GCS: "Use line breaks to create space in your social posts". Length counts characters
/// (a character outside the Basic Multilingual Plane counts once).
/// </summary>
public sealed class LongLinesRule : IPostRule
{
    private readonly int _limit;

    public LongLinesRule(OrganisationSettings settings)
    {
        _limit = settings.Limits.LineLength;
    }

    public string Code => "A11Y-LONG-LINES";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length <= _limit || _limit <= 0)
        {
            return;
        }

        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            var length = Characters(text.AsSpan(start, lineEnd - start));
            if (length > _limit)
            {
                findings.Add(new Finding(
                    Code, Severity.Info, start, lineEnd - start,
                    $"This paragraph is {length} characters long; the limit is {_limit}. Break it into shorter paragraphs with line breaks (001 §7.1 \"Limit line length\").",
                    Suggestion: null));
            }

            start = end + 1;
        }
    }

    private static int Characters(ReadOnlySpan<char> line)
    {
        var count = line.Length;
        foreach (var c in line)
        {
            count -= char.IsLowSurrogate(c) ? 1 : 0;
        }

        return count;
    }
}
