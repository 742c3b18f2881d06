using System.Collections.Frozen;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-JARGON: an acronym or term from the organisation's jargon list that the post does not explain.
/// 001 §7.1: "don't overuse … acronyms that people most likely will not be familiar with". A term is
/// explained when its explanation appears anywhere in the post, or when brackets follow it:
/// "PCN (primary care network)". An acronym matches in capitals only (and its plural, "PCNs"); other
/// terms match in any case. One finding per term, on its first use.
/// </summary>
public sealed class JargonRule : IPostRule
{
    private readonly FrozenDictionary<string, string> _acronyms;
    private readonly FrozenDictionary<string, string> _terms;
    private readonly (string Term, string Explanation)[] _phrases;

    public JargonRule(OrganisationSettings settings)
    {
        var acronyms = new Dictionary<string, string>(StringComparer.Ordinal);
        var terms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var phrases = new List<(string, string)>();
        foreach (var (term, explanation) in settings.Jargon)
        {
            var trimmed = term.Trim();
            if (trimmed.Length == 0 || string.IsNullOrWhiteSpace(explanation))
            {
                continue;
            }

            if (trimmed.Contains(' ', StringComparison.Ordinal))
            {
                phrases.Add((trimmed, explanation.Trim()));
            }
            else if (IsAcronym(trimmed))
            {
                acronyms[trimmed] = explanation.Trim();
                acronyms.TryAdd(trimmed + "s", explanation.Trim());
            }
            else
            {
                terms[trimmed] = explanation.Trim();
            }
        }

        _acronyms = acronyms.ToFrozenDictionary(StringComparer.Ordinal);
        _terms = terms.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _phrases = [.. phrases];
    }

    public string Code => "A11Y-JARGON";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (_acronyms.Count + _terms.Count + _phrases.Length == 0)
        {
            return;
        }

        var text = PostText.Of(context);
        var acronyms = _acronyms.GetAlternateLookup<ReadOnlySpan<char>>();
        var terms = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
        List<string>? reported = null;
        foreach (var token in text.Tokens)
        {
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }

            var word = text[token];
            if (acronyms.TryGetValue(word, out var explanation) || terms.TryGetValue(word, out explanation))
            {
                Consider(context, findings, token.Start, token.Length, explanation, ref reported);
            }
        }

        foreach (var (term, explanation) in _phrases)
        {
            var at = context.Text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                Consider(context, findings, at, term.Length, explanation, ref reported);
            }
        }
    }

    private void Consider(PostContext context, List<Finding> findings, int start, int length, string explanation, ref List<string>? reported)
    {
        var text = context.Text;
        if (text.Contains(explanation, StringComparison.OrdinalIgnoreCase) || FollowedByBrackets(text, start + length)
            || (reported?.Contains(explanation) ?? false))
        {
            return;
        }

        (reported ??= []).Add(explanation);
        var term = text.AsSpan(start, length);
        findings.Add(new Finding(
            Code, Severity.Info, start, length,
            $"\"{term}\" may not be familiar to everyone: explain it the first time, as \"{term} ({explanation})\" (001 §7.1).",
            $"{term} ({explanation})"));
    }

    private static bool FollowedByBrackets(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i < text.Length && text[i] == '(';
    }

    private static bool IsAcronym(string term)
    {
        var upper = 0;
        foreach (var c in term)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            upper += char.IsUpper(c) ? 1 : 0;
        }

        return upper >= 2;
    }
}
