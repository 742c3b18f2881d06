using System.Collections.Frozen;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-READABILITY: Flesch reading ease below the organisation's plain-English target. 001 §7.1:
/// "Write in plain language"; the NHS writes for a reading age of 9 to 11 (reading ease 60 or more).
/// Links, hashtags, mentions and numbers are not words here. Posts of fewer than
/// <see cref="MinimumWords"/> words are skipped: the formula means little on a line or two.
/// Sentences end at ".", "!", "?", ":" followed by a space, and at line breaks. A short post (under
/// <see cref="ShortPostWords"/> words) fires only when it misses the target by
/// <see cref="ShortPostMargin"/> points, because a few long health words ("vaccination",
/// "appointment") swing the score of two sentences a long way. Names and acronyms inside a sentence
/// count as one syllable: the writer cannot make them plainer. For the same reason, familiar health and
/// service words of three or more syllables ("vaccination", "appointment", "pharmacy";
/// Data/Accessibility/familiar-health-words.txt) count as two.
/// </summary>
public sealed class ReadabilityRule : IPostRule
{
    public const int MinimumWords = 12;

    private static readonly Lazy<FrozenSet<string>> FamiliarHealthWords = new(() =>
        EmbeddedData.ReadLines("Accessibility/familiar-health-words.txt").ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Below this many words the score is unstable, so it must miss the target by <see cref="ShortPostMargin"/>.</summary>
    public const int ShortPostWords = 30;

    public const double ShortPostMargin = 25;

    private readonly double _target;

    public ReadabilityRule(OrganisationSettings settings)
    {
        _target = settings.Limits.ReadingEase;
    }

    public string Code => "A11Y-READABILITY";

    public void Check(PostContext context, List<Finding> findings)
    {
        var score = Score(PostText.Of(context), out var words);
        var threshold = words < ShortPostWords ? _target - ShortPostMargin : _target;
        if (words < MinimumWords || score >= threshold)
        {
            return;
        }

        findings.Add(new Finding(
            Code, Severity.Info, null, null,
            $"Reading ease is {score:0} (Flesch); the target is {_target:0} or more. Use shorter sentences and everyday words so that more people can understand it (001 §7.1 \"Write in plain language\").",
            Suggestion: null));
    }

    /// <summary>Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word.</summary>
    internal static double Score(PostText text, out int words)
    {
        var familiar = FamiliarHealthWords.Value.GetAlternateLookup<ReadOnlySpan<char>>();
        words = 0;
        var syllables = 0;
        var sentences = 0;
        var open = false;
        var previousEnd = 0;
        var source = text.Text;
        foreach (var token in text.Tokens)
        {
            if (open && EndsSentence(source.AsSpan(previousEnd, token.Start - previousEnd)))
            {
                open = false;
            }

            previousEnd = token.End;
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }

            var word = text[token];
            var count = SyllableCounter.Count(word);
            if (count == 0)
            {
                continue; // a number
            }

            var sentenceStart = !open;
            if (!open)
            {
                sentences++;
                open = true;
            }

            // Names and acronyms ("Riverside Community Hospital", "ICB") are not words the writer can
            // make plainer: count them as one-syllable words.
            if (!sentenceStart && char.IsUpper(word[0]))
            {
                count = 1;
            }
            else if (count > 2 && familiar.Contains(word))
            {
                count = 2;
            }

            words++;
            syllables += count;
        }

        if (words == 0)
        {
            return 100;
        }

        return 206.835 - (1.015 * words / sentences) - (84.6 * syllables / words);
    }

    private static bool EndsSentence(ReadOnlySpan<char> gap)
    {
        for (var i = 0; i < gap.Length; i++)
        {
            var c = gap[i];
            if (c == '\n' || (c is '.' or '!' or '?' or ':' or '\u2026' && (i + 1 == gap.Length || char.IsWhiteSpace(gap[i + 1]))))
            {
                return true;
            }
        }

        return false;
    }
}
