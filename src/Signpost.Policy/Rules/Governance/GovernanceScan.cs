using System.Text.RegularExpressions;
using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Rules.Governance.Links;

namespace Signpost.Policy.Rules.Governance;

/// <summary>
/// What the governance rules need from a post's text, computed once per post: its links, its
/// email addresses and the words and phrases of the <see cref="GovernanceLexicon"/> it contains.
/// The scan is kept on the <see cref="PostContext"/> for the other rules that ask for the same
/// post; its lists are reused from post to post on each thread, so a scan allocates nothing.
/// </summary>
internal sealed partial class GovernanceScan
{
    [ThreadStatic] private static GovernanceScan? t_current;

    private readonly List<LinkSpan> _links = new(4);
    private readonly List<(int Start, int Length)> _emails = new(2);
    private readonly List<TermHit> _hits = new(8);
    private readonly List<TermHit> _suppressors = new(2);
    private PostContext? _context;
    private GovernanceLexicon? _lexicon;
    private char[] _key = new char[64];

    public string Text { get; private set; } = "";

    /// <summary>Every list that has at least one match in the post: a cheap test before looking at <see cref="Hits"/>.</summary>
    public GovernanceTerms Found { get; private set; }

    public bool HasDigit { get; private set; }

    public IReadOnlyList<LinkSpan> Links => _links;

    public IReadOnlyList<(int Start, int Length)> Emails => _emails;

    /// <summary>Lexicon matches in text order, after exception phrases have cancelled theirs.</summary>
    public IReadOnlyList<TermHit> Hits => _hits;

    public static GovernanceScan For(PostContext context, GovernanceLexicon lexicon)
    {
        // The context's scan is still its own unless a later post on this thread has taken the
        // per-thread object over (a caller that checks one context twice, interleaved with others).
        if (context.GovernanceScan is { } kept && ReferenceEquals(kept._context, context) && ReferenceEquals(kept._lexicon, lexicon))
        {
            return kept;
        }

        var scan = t_current ??= new GovernanceScan();
        if (!ReferenceEquals(scan._context, context) || !ReferenceEquals(scan._lexicon, lexicon))
        {
            scan.Run(context.Text, lexicon);
            scan._context = context;
            scan._lexicon = lexicon;
        }

        context.GovernanceScan = scan;
        return scan;
    }

    /// <summary>Whether a UTF-16 offset falls inside a link or an email address.</summary>
    public bool InLinkOrEmail(int index)
    {
        foreach (var link in _links)
        {
            if (index >= link.Start && index < link.End)
            {
                return true;
            }
        }

        foreach (var (start, length) in _emails)
        {
            if (index >= start && index < start + length)
            {
                return true;
            }
        }

        return false;
    }

    private void Run(string text, GovernanceLexicon lexicon)
    {
        Text = text;
        _links.Clear();
        _emails.Clear();
        _hits.Clear();
        _suppressors.Clear();
        Found = GovernanceTerms.None;
        HasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

        if (text.Contains('.', StringComparison.Ordinal))
        {
            LinkFinder.Find(text, _links);
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            foreach (var match in EmailPattern().EnumerateMatches(text))
            {
                _emails.Add((match.Index, match.Length));
            }
        }

        ScanWords(text, lexicon);
    }

    private void ScanWords(string text, GovernanceLexicon lexicon)
    {
        // A key is never longer than the text (a gap of one or more characters becomes one space),
        // so with this room AppendKey never grows the buffer inside the loop.
        if (_key.Length < text.Length + 1)
        {
            _key = new char[Math.Max(text.Length + 1, _key.Length * 2)];
        }

        var i = 0;
        while (i < text.Length)
        {
            var start = NextWordStart(text, i);
            if (start < 0)
            {
                break;
            }

            var end = WordEnd(text, start);
            i = end;
            if (SkipIfInLinkOrEmail(start, ref i))
            {
                continue;
            }

            // Extend word by word while a longer phrase may match ("not" → "not for" → "not for publication").
            var keyLength = 0;
            var wordEnd = end;
            var wordStart = start;
            for (var words = 0; words < GovernanceLexicon.MaxPhraseWords; words++)
            {
                if (words > 0)
                {
                    AppendKey(' ', ref keyLength);
                }

                for (var k = wordStart; k < wordEnd; k++)
                {
                    var c = text[k];
                    AppendKey(
                        char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c < 0x80 ? c : c is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(c),
                        ref keyLength);
                }

                // "Labour Party's", "Tories'": a possessive matches the phrase without it.
                if (!lexicon.TryGetValue(_key.AsSpan(0, keyLength), out var entry)
                    && !(keyLength > 2 && _key[keyLength - 1] == 's' && _key[keyLength - 2] == '\''
                         && lexicon.TryGetValue(_key.AsSpan(0, keyLength - 2), out entry)))
                {
                    // "idiots", "morons": the plural of a one-word insult is abusive too. Only the
                    // abusive list: plurals of other lists' words can be ordinary ("finger pricks").
                    if (words == 0 && keyLength > 3 && _key[keyLength - 1] == 's'
                        && lexicon.TryGetValue(_key.AsSpan(0, keyLength - 1), out var singular) && (singular.Terms & GovernanceTerms.Abusive) != 0)
                    {
                        Record(text, start, wordEnd - start, new LexiconEntry
                        {
                            Terms = GovernanceTerms.Abusive,
                            NeedsCapital = singular.NeedsCapital & GovernanceTerms.Abusive,
                            NeedsLowerCase = singular.NeedsLowerCase & GovernanceTerms.Abusive,
                        });
                    }

                    break;
                }

                Record(text, start, wordEnd - start, entry);
                if (!entry.ContinuesLonger)
                {
                    break;
                }

                // The next word joins only across spaces or a hyphen, never across sentence punctuation.
                var gap = wordEnd;
                while (gap < text.Length && (text[gap] is ' ' or '-' or '\u00A0'))
                {
                    gap++;
                }

                if (gap == wordEnd || gap - wordEnd > 3 || gap >= text.Length || !GovernanceLexicon.IsWordChar(text[gap]) || text[gap] is '\'' or '\u2019')
                {
                    break;
                }

                wordStart = gap;
                wordEnd = WordEnd(text, gap);
            }
        }

        if (_suppressors.Count > 0)
        {
            ApplySuppressors();
        }
    }

    private bool SkipIfInLinkOrEmail(int start, ref int next)
    {
        foreach (var link in _links)
        {
            if (start >= link.Start && start < link.End)
            {
                next = Math.Max(next, link.End);
                return true;
            }
        }

        foreach (var (emailStart, length) in _emails)
        {
            if (start >= emailStart && start < emailStart + length)
            {
                next = Math.Max(next, emailStart + length);
                return true;
            }
        }

        return false;
    }

    private void Record(string text, int start, int length, LexiconEntry entry)
    {
        if (entry.Suppresses != GovernanceTerms.None)
        {
            _suppressors.Add(new TermHit(start, length, entry.Suppresses));
        }

        var terms = entry.Terms;
        if (terms == GovernanceTerms.None)
        {
            return;
        }

        if (entry.NeedsCapital != GovernanceTerms.None && !char.IsUpper(text[start]))
        {
            terms &= ~entry.NeedsCapital;
        }

        if (entry.NeedsLowerCase != GovernanceTerms.None && !char.IsLower(text[start]))
        {
            terms &= ~entry.NeedsLowerCase;
        }

        if (terms != GovernanceTerms.None)
        {
            _hits.Add(new TermHit(start, length, terms));
            Found |= terms;
        }
    }

    private void ApplySuppressors()
    {
        Found = GovernanceTerms.None;
        for (var h = _hits.Count - 1; h >= 0; h--)
        {
            var hit = _hits[h];
            var terms = hit.Terms;
            foreach (var suppressor in _suppressors)
            {
                if (hit.Start < suppressor.End && suppressor.Start < hit.End)
                {
                    terms &= ~suppressor.Terms;
                }
            }

            if (terms == GovernanceTerms.None)
            {
                _hits.RemoveAt(h);
            }
            else
            {
                _hits[h] = hit with { Terms = terms };
                Found |= terms;
            }
        }
    }

    private void AppendKey(char c, ref int length)
    {
        if (length == _key.Length)
        {
            Array.Resize(ref _key, _key.Length * 2);
        }

        _key[length++] = c;
    }

    private static int NextWordStart(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]) || (text[i] == '&' && i + 1 < text.Length && char.IsLetter(text[i + 1])))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The end of the word at <paramref name="start"/>: letters, digits, inner apostrophes and '&amp;'.</summary>
    internal static int WordEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                i++;
            }
            else if ((c is '\'' or '\u2019' or '&') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
