using System.Text.RegularExpressions;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// An organisation's blocked words and phrases (<see cref="InboxSettings.BlockedWords"/>, one per
/// line), matched as whole words without regard to case: "ass" does not match "class"; a phrase
/// matches across any run of spaces or line breaks.
/// </summary>
public sealed class BlockedWords
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private readonly List<(string Entry, Regex Pattern)> _entries;

    private BlockedWords(List<(string, Regex)> entries) => _entries = entries;

    public static BlockedWords Empty { get; } = new([]);

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>The entries, trimmed, without blank lines or repeats.</summary>
    public IEnumerable<string> Entries => _entries.Select(e => e.Entry);

    public static BlockedWords Parse(string? lines)
    {
        if (string.IsNullOrWhiteSpace(lines))
        {
            return Empty;
        }

        var entries = new List<(string, Regex)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Split('\n'))
        {
            var entry = string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (entry.Length == 0 || !seen.Add(entry))
            {
                continue;
            }

            var body = string.Join(@"\s+", entry.Split(' ').Select(Regex.Escape));
            var pattern = new Regex(@"(?<![\p{L}\p{N}_])" + body + @"(?![\p{L}\p{N}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
            entries.Add((entry, pattern));
        }

        return new BlockedWords(entries);
    }

    /// <summary>The first entry the text contains, or null.</summary>
    public string? FirstMatch(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var (entry, pattern) in _entries)
        {
            try
            {
                if (pattern.IsMatch(text))
                {
                    return entry;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // An escaped literal cannot backtrack badly; a pathological text is treated as no match for this entry.
            }
        }

        return null;
    }
}
