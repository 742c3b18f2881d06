using System.Collections.Frozen;
using System.Text;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-CAPS: words in capitals that are not known acronyms. 001 §7.1: "don't overuse capitals"; screen
/// readers may spell capitals out letter by letter and they read as shouting. Only capitalised ordinary
/// words fire ("FREE", "PLEASE DO NOT"): an unknown capitalised word that is not an English word, or a
/// word of up to four letters that is only a rare one ("MAS", "PIP"), is taken to be an acronym and
/// left to A11Y-JARGON. Hashtags and links are not words here. Three uses of
/// capitals are not shouting either: an acronym the post spells out ("Patient Advice and Liaison Service
/// (PALS)"), a keyword to text ("Text SHOUT to 85258"), and a protective marking ("DRAFT", "CONFIDENTIAL"),
/// which is written in capitals by convention and is IG-CONFIDENTIAL-MARKER's to report.
/// </summary>
public sealed class CapsRule : IPostRule
{
    // Government Security Classifications and draft markings: capitals by convention (IG-CONFIDENTIAL-MARKER).
    private static readonly FrozenSet<string> ProtectiveMarkings = FrozenSet.Create(
        StringComparer.Ordinal, "DRAFT", "CONFIDENTIAL", "EMBARGOED", "EMBARGO", "OFFICIAL", "SENSITIVE", "OFFICIAL-SENSITIVE", "RESTRICTED", "SECRET");

    // Small words an acronym's letters usually skip ("Patient Advice and Liaison Service" → PALS).
    private static readonly FrozenSet<string> AcronymGlue = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "and", "of", "the", "for", "in", "on", "to", "&");

    private const int MaxAcronymLetters = 4;
    private const int RareWordRank = 8000;

    private readonly FrozenSet<string> _acronyms;
    private readonly HashtagSegmenter _words;

    public CapsRule(OrganisationSettings settings)
    {
        _acronyms = KnownAcronyms.For(settings);
        _words = new HashtagSegmenter([]);
    }

    public string Code => "A11Y-CAPS";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        var tokens = text.Tokens;
        var runStart = -1;
        var runEnd = -1;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            // Most words start with a lower-case letter or a capital followed by one: not capitals.
            var word = text[token];
            var candidate = token.Kind == TokenKind.Word && word.Length >= 2 && !char.IsLower(word[0]) && !char.IsLower(word[1]);
            var shouting = candidate && IsShouting(word) && !IsConventionalCapitals(text, tokens, i);
            var acronym = candidate && !shouting && IsCapitals(word);
            if (shouting)
            {
                if (runStart < 0)
                {
                    runStart = token.Start;
                }

                runEnd = token.End;
            }
            else if (!acronym && runStart >= 0)
            {
                Add(context, findings, runStart, runEnd);
                runStart = -1;
            }
        }

        if (runStart >= 0)
        {
            Add(context, findings, runStart, runEnd);
        }
    }

    private bool IsShouting(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !IsCapitals(word))
        {
            return false;
        }

        var lookup = _acronyms.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(word))
        {
            return false;
        }

        // "DON'T", "NHS'S": judge the part before the apostrophe or plural "s".
        var core = word;
        var apostrophe = core.IndexOfAny('\'', '\u2019');
        if (apostrophe > 0)
        {
            core = core[..apostrophe];
            if (lookup.Contains(core))
            {
                return false;
            }
        }

        if (core.Length > 2 && core[^1] == 's' && lookup.Contains(core[..^1]))
        {
            return false;
        }

        Span<char> lower = stackalloc char[Math.Min(word.Length, 64)];
        var n = 0;
        foreach (var c in word)
        {
            if (n == lower.Length)
            {
                break;
            }

            if (char.IsLetter(c))
            {
                lower[n++] = char.ToLowerInvariant(c);
            }
        }

        // A short capitalised word that is only a rare English word ("MAS team", "your DOB") is an
        // acronym; shouting uses common words ("FREE", "NOW", "STOP").
        return n >= 2 && _words.IsKnown(lower[..n]) && !(n <= MaxAcronymLetters && _words.IsRareWord(lower[..n], RareWordRank));
    }

    /// <summary>A protective marking, a keyword to text, or an acronym spelt out just before it in brackets.</summary>
    private static bool IsConventionalCapitals(PostText text, ReadOnlySpan<TextToken> tokens, int i)
    {
        var word = text[tokens[i]];
        if (ProtectiveMarkings.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
        {
            return true;
        }

        // "Text SHOUT to 85258", "text STOP to 60060".
        if (i > 0 && i + 2 < tokens.Length && tokens[i - 1].Kind == TokenKind.Word && text[tokens[i - 1]].Equals("text", StringComparison.OrdinalIgnoreCase)
            && text[tokens[i + 1]] is "to" && char.IsAsciiDigit(text[tokens[i + 2]][0]))
        {
            return true;
        }

        var source = text.Text;
        var start = tokens[i].Start;
        var end = tokens[i].End;
        if (start == 0 || source[start - 1] != '(' || end >= source.Length || source[end] != ')')
        {
            return false;
        }

        // "(PALS)" after words whose initials spell it, reading back from the bracket.
        var letter = word.Length - 1;
        for (var k = i - 1; k >= 0 && letter >= 0; k--)
        {
            if (tokens[k].Kind != TokenKind.Word)
            {
                return false;
            }

            var previous = text[tokens[k]];
            if (AcronymGlue.GetAlternateLookup<ReadOnlySpan<char>>().Contains(previous))
            {
                continue;
            }

            if (!char.IsLetter(word[letter]) || char.ToUpperInvariant(previous[0]) != word[letter])
            {
                return false;
            }

            letter--;
        }

        return letter < 0;
    }

    /// <summary>Two or more letters, all capitals (digits and inner punctuation allowed: "COVID-19" is capitals).</summary>
    private static bool IsCapitals(ReadOnlySpan<char> word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            letters += char.IsLetter(c) ? 1 : 0;
        }

        return letters >= 2;
    }

    private void Add(PostContext context, List<Finding> findings, int start, int end)
    {
        var span = context.Text.AsSpan(start, end - start);
        findings.Add(new Finding(
            Code, Severity.Warning, start, end - start,
            $"\"{span}\" is in capitals: capitals are hard to read and screen readers may spell them out; write in sentence case (001 §7.1).",
            SentenceCase(context.Text, start, span)));
    }

    /// <summary>Lower-cases the shouted words, keeping known acronyms and a capital at the start of a sentence.</summary>
    private string SentenceCase(string text, int start, ReadOnlySpan<char> span)
    {
        var sb = new StringBuilder(span.Length);
        var sentenceStart = IsSentenceStart(text, start);
        var i = 0;
        while (i < span.Length)
        {
            if (!char.IsLetterOrDigit(span[i]))
            {
                sentenceStart |= span[i] is '.' or '!' or '?' or '\n';
                sb.Append(span[i++]);
                continue;
            }

            var j = i;
            while (j < span.Length && (char.IsLetterOrDigit(span[j]) || (span[j] is '\'' or '\u2019' or '-' or '&' && j + 1 < span.Length && char.IsLetterOrDigit(span[j + 1]))))
            {
                j++;
            }

            var word = span[i..j];
            if (IsShouting(word))
            {
                var lowered = word.ToString().ToLowerInvariant();
                sb.Append(sentenceStart || lowered == "i" ? char.ToUpperInvariant(lowered[0]) + lowered[1..] : lowered);
            }
            else
            {
                sb.Append(word);
            }

            sentenceStart = false;
            i = j;
        }

        return sb.ToString();
    }

    private static bool IsSentenceStart(string text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) && c != '\n')
            {
                continue;
            }

            return c is '.' or '!' or '?' or '\n' || !char.IsLetterOrDigit(c);
        }

        return true;
    }
}
