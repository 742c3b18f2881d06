using System.Collections.Frozen;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-INCLUSIVE: non-inclusive wording, such as gendered defaults ("chairman", "manpower") and ableist
/// wording ("suffers from", "wheelchair-bound"). 001 §7.1: "Use inclusive language such as gender-neutral
/// pronouns and terms". The phrases are a curated subset of retext-equality (MIT) and the NHS service
/// manual's inclusive content guidance (Data/Accessibility/README.md), chosen so that ordinary NHS wording
/// ("disabled people", "mental health", "sexual health", "maternity", "addiction services") never fires.
/// </summary>
public sealed class InclusiveLanguageRule : IPostRule
{
    private static readonly Lazy<FrozenDictionary<string, Entry[]>> Shared = new(Load);

    private readonly FrozenDictionary<string, Entry[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;

    public InclusiveLanguageRule()
    {
        _byFirstWord = Shared.Value.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Code => "A11Y-INCLUSIVE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        var source = context.Text;
        var coveredUntil = 0;
        foreach (var token in text.Tokens)
        {
            if (token.Kind != TokenKind.Word || token.Start < coveredUntil)
            {
                continue;
            }

            var word = text[token];
            var cut = word.IndexOfAny('-', '\'', '\u2019');
            var first = cut > 0 ? word[..cut] : word;
            if (!_byFirstWord.TryGetValue(first, out var entries))
            {
                continue;
            }

            // Entries are longest first, so "suffers from multiple sclerosis" wins over "suffers from".
            foreach (var entry in entries)
            {
                var length = MatchLength(source, token.Start, entry.Phrase);
                if (length == 0)
                {
                    continue;
                }

                var found = source.AsSpan(token.Start, length);
                findings.Add(new Finding(
                    Code, Severity.Warning, token.Start, length,
                    $"\"{found}\" may exclude or upset people: consider \"{entry.Suggestion}\" (001 §7.1 \"Use inclusive language\").",
                    MatchCase(found, entry.Suggestion)));
                coveredUntil = token.Start + length;
                break;
            }
        }
    }

    /// <summary>Matches a phrase at <paramref name="start"/>: a space in the phrase matches spaces or a hyphen.</summary>
    private static int MatchLength(string text, int start, string phrase)
    {
        var i = start;
        foreach (var p in phrase)
        {
            if (p == ' ')
            {
                var spaced = i;
                while (i < text.Length && text[i] is ' ' or '-' or '\u00A0')
                {
                    i++;
                }

                if (i == spaced)
                {
                    return 0;
                }
            }
            else if (i < text.Length && char.ToLowerInvariant(text[i]) == p)
            {
                i++;
            }
            else
            {
                return 0;
            }
        }

        return i < text.Length && PostText.IsWordChar(text[i]) ? 0 : i - start;
    }

    private static string MatchCase(ReadOnlySpan<char> found, string suggestion) =>
        found.Length > 0 && char.IsUpper(found[0]) && suggestion.Length > 0 && char.IsLower(suggestion[0])
            ? char.ToUpperInvariant(suggestion[0]) + suggestion[1..]
            : suggestion;

    private static FrozenDictionary<string, Entry[]> Load()
    {
        var byFirst = new Dictionary<string, List<Entry>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in EmbeddedData.ReadLines("Accessibility/inclusive-language.tsv"))
        {
            var columns = line.Split('\t');
            if (columns.Length < 2)
            {
                continue;
            }

            var phrase = columns[0].Trim().ToLowerInvariant();
            var suggestion = columns[1].Split('|')[0].Trim();
            var firstSpace = phrase.IndexOf(' ', StringComparison.Ordinal);
            var first = firstSpace > 0 ? phrase[..firstSpace] : phrase;
            if (!byFirst.TryGetValue(first, out var list))
            {
                byFirst[first] = list = [];
            }

            list.Add(new Entry(phrase, suggestion));
        }

        var frozen = new Dictionary<string, Entry[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (first, list) in byFirst)
        {
            list.Sort(static (a, b) => b.Phrase.Length.CompareTo(a.Phrase.Length));
            frozen[first] = [.. list];
        }

        return frozen.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Entry(string Phrase, string Suggestion);
}
