using System.Collections.Frozen;
using Signpost.Policy.Rules;

namespace Signpost.Policy.Text;

/// <summary>What a <see cref="TextToken"/> is.</summary>
public enum TokenKind : byte
{
    /// <summary>A run of letters and digits, with inner apostrophes, hyphens and ampersands ("don't", "COVID-19", "A&amp;E").</summary>
    Word,

    /// <summary>A hashtag, including its '#'.</summary>
    Hashtag,

    /// <summary>An @mention, including its '@' (also Mastodon's "@user@instance.social").</summary>
    Mention,

    /// <summary>A link: "http(s)://…", "www.…" or a bare domain such as "nhs.uk/flu".</summary>
    Url,

    /// <summary>An email address ("contactus@nhs.net"); never a mention.</summary>
    Email,
}

/// <summary>One token of a post: its kind and its span in UTF-16 code units of the text.</summary>
public readonly record struct TextToken(int Start, int Length, TokenKind Kind)
{
    public int End => Start + Length;
}

/// <summary>
/// A post's text cut once into words, hashtags, mentions, links and email addresses, in order.
/// Shared by the post rules so that each does not tokenise the text again. Build it with
/// <see cref="Of(PostContext)"/> (made once per post and kept on the context) or <see cref="Analyse"/>.
/// </summary>
public sealed class PostText
{
    // Top-level domains that make a bare "word.word" a link. A short list on purpose: "e.g." or
    // "i.e." must stay words, and UK public-sector posts link to these.
    private static readonly FrozenSet<string> BareDomainEndings = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "uk", "com", "org", "net", "ly", "io", "co", "gl", "gd", "me", "info", "gov", "scot", "wales",
        "cymru", "ie", "eu", "app", "tv", "link", "to", "be", "ws", "us", "social", "online", "health");

    private readonly TextToken[] _tokens;
    private TextToken[]? _hashtags;
    private TextToken[]? _mentions;
    private TextToken[]? _urls;
    private TextToken[]? _words;
    private TextToken[]? _emails;

    private PostText(string text, TextToken[] tokens, int count, int hashtagCount, int mentionCount, int urlCount, int emailCount)
    {
        Text = text;
        _tokens = tokens;
        Count = count;
        HashtagCount = hashtagCount;
        MentionCount = mentionCount;
        UrlCount = urlCount;
        EmailCount = emailCount;
        WordCount = count - hashtagCount - mentionCount - urlCount - emailCount;
    }

    public string Text { get; }

    /// <summary>Number of tokens of every kind.</summary>
    public int Count { get; }

    public int WordCount { get; }
    public int HashtagCount { get; }
    public int MentionCount { get; }
    public int UrlCount { get; }
    public int EmailCount { get; }

    /// <summary>Every token in text order.</summary>
    public ReadOnlySpan<TextToken> Tokens => _tokens.AsSpan(0, Count);

    public IReadOnlyList<TextToken> Hashtags => _hashtags ??= Select(TokenKind.Hashtag, HashtagCount);
    public IReadOnlyList<TextToken> Mentions => _mentions ??= Select(TokenKind.Mention, MentionCount);
    public IReadOnlyList<TextToken> Urls => _urls ??= Select(TokenKind.Url, UrlCount);
    public IReadOnlyList<TextToken> Words => _words ??= Select(TokenKind.Word, WordCount);
    public IReadOnlyList<TextToken> Emails => _emails ??= Select(TokenKind.Email, EmailCount);

    /// <summary>The characters of a token.</summary>
    public ReadOnlySpan<char> this[TextToken token] => Text.AsSpan(token.Start, token.Length);

    /// <summary>The tokens of the post being checked: <see cref="PostContext.Analysis"/>, made once per post.</summary>
    public static PostText Of(PostContext context) => context.Analysis;

    public static PostText Analyse(string text)
    {
        var tokens = new TextToken[Math.Max(4, text.Length / 5)];
        int count = 0, hashtags = 0, mentions = 0, urls = 0, emails = 0;

        // The next '.' at or after i (int.MaxValue: none). A bare link or an email address needs a
        // '.' before the next white space, so most words skip ScanBareLink with this one test.
        var nextDot = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];

            // Spaces and punctuation start no token: the commonest characters leave at once.
            if (c < 0x80 && !char.IsAsciiLetterOrDigit(c) && c is not ('#' or '@'))
            {
                i++;
                continue;
            }

            var atBoundary = i == 0 || !IsTagChar(text[i - 1]);
            int end;
            TokenKind kind;
            if (c == '#' && atBoundary && i > 0 && text[i - 1] == '&')
            {
                i++;
                continue;
            }

            if (c == '#' && atBoundary && (end = ScanHashtag(text, i + 1)) > i + 1)
            {
                kind = TokenKind.Hashtag;
                hashtags++;
            }
            else if (c == '@' && atBoundary && (end = ScanMention(text, i + 1)) > i + 1)
            {
                kind = TokenKind.Mention;
                mentions++;
            }
            else if (atBoundary && (c is 'h' or 'H' or 'w' or 'W') && (end = ScanSchemeUrl(text, i)) > i)
            {
                kind = TokenKind.Url;
                urls++;
            }
            else if (char.IsLetterOrDigit(c))
            {
                var wordEnd = ScanWord(text, i);
                if (nextDot < i)
                {
                    nextDot = text.IndexOf('.', i);
                    nextDot = nextDot < 0 ? int.MaxValue : nextDot;
                }

                // When white space comes before the next '.', the run ScanBareLink reads has no '.'
                // and it would return i.
                var noDotInRun = nextDot == int.MaxValue || WhiteSpaceBetween(text, wordEnd, nextDot);
                if (atBoundary && !noDotInRun && (end = ScanBareLink(text, i, out var isEmail)) > i)
                {
                    kind = isEmail ? TokenKind.Email : TokenKind.Url;
                    if (isEmail)
                    {
                        emails++;
                    }
                    else
                    {
                        urls++;
                    }
                }
                else
                {
                    end = wordEnd;
                    kind = TokenKind.Word;
                }
            }
            else
            {
                i++;
                continue;
            }

            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
            }

            tokens[count++] = new TextToken(i, end - i, kind);
            i = end;
        }

        return new PostText(text, tokens, count, hashtags, mentions, urls, emails);
    }

    /// <summary>A letter, digit or combining mark: part of a word.</summary>
    public static bool IsWordChar(char c) =>
        c < 0x80
            ? char.IsAsciiLetterOrDigit(c)
            : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsTagChar(char c) => c == '_' || IsWordChar(c);

    private static bool WhiteSpaceBetween(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (char.IsWhiteSpace(text[k]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static int ScanWord(string text, int i)
    {
        var j = i;
        while (j < text.Length)
        {
            var c = text[j];
            if (IsWordChar(c))
            {
                j++;
            }
            else if ((IsApostrophe(c) || c == '-' || c == '&') && j + 1 < text.Length && IsWordChar(text[j + 1]) && j > i)
            {
                j++;
            }
            else
            {
                break;
            }
        }

        return j;
    }

    private static int ScanHashtag(string text, int i)
    {
        var j = i;
        var hasLetter = false;
        while (j < text.Length && IsTagChar(text[j]))
        {
            hasLetter |= char.IsLetter(text[j]);
            j++;
        }

        // "#1" or "#2026" is a number, not a hashtag.
        return hasLetter ? j : i;
    }

    private static int ScanMention(string text, int i)
    {
        var j = i;
        var seenInstance = false;
        while (j < text.Length)
        {
            var c = text[j];
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                j++;
            }
            else if ((c == '.' || c == '-') && j + 1 < text.Length && (char.IsAsciiLetterOrDigit(text[j + 1]) || text[j + 1] == '_') && j > i)
            {
                // Bluesky and Mastodon handles: @name.bsky.social, @name@nhs.social
                j++;
            }
            else if (c == '@' && !seenInstance && j > i && j + 1 < text.Length && char.IsAsciiLetterOrDigit(text[j + 1]))
            {
                seenInstance = true;
                j++;
            }
            else
            {
                break;
            }
        }

        return j;
    }

    private static int ScanSchemeUrl(string text, int i)
    {
        // Most words that start with h or w ("we", "help") are not links: "http" and "www" have t or w next.
        if (i + 4 > text.Length || (text[i + 1] | 0x20) is not ('t' or 'w'))
        {
            return i;
        }

        var rest = text.AsSpan(i);
        int prefix;
        if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 8;
        }
        else if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 7;
        }
        else if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 4;
        }
        else
        {
            return i;
        }

        var end = RunEnd(text, i);
        end = TrimLinkEnd(text, i, end);
        return end - i > prefix ? end : i;
    }

    /// <summary>A bare domain ("nhs.uk/flu", "bit.ly/x") or an email address, starting at a letter or digit.</summary>
    private static int ScanBareLink(string text, int i, out bool isEmail)
    {
        isEmail = false;
        var end = RunEnd(text, i);
        var run = text.AsSpan(i, end - i);
        var at = run.IndexOf('@');
        if (run.IndexOf('.') < 0)
        {
            return i;
        }

        end = TrimLinkEnd(text, i, end);
        run = text.AsSpan(i, end - i);
        if (at > 0)
        {
            if (at >= run.Length - 1 || !IsEmailLocal(run[..at]))
            {
                return i;
            }

            var domainLength = HostLength(run[(at + 1)..]);
            if (domainLength != run.Length - at - 1)
            {
                return i;
            }

            isEmail = true;
            return end;
        }

        if (at == 0)
        {
            return i;
        }

        var hostLength = HostLength(run);
        if (hostLength == 0)
        {
            return i;
        }

        if (hostLength < run.Length && run[hostLength] is not ('/' or ':' or '?' or '#'))
        {
            return i;
        }

        return end;
    }

    private static bool IsEmailLocal(ReadOnlySpan<char> local)
    {
        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-'))
            {
                return false;
            }
        }

        return local.Length > 0;
    }

    /// <summary>Length of a host name ("a.b.uk") at the start of <paramref name="s"/> whose ending is known, else 0.</summary>
    private static int HostLength(ReadOnlySpan<char> s)
    {
        var j = 0;
        var labelStart = 0;
        var dots = 0;
        while (j < s.Length)
        {
            var c = s[j];
            if (char.IsAsciiLetterOrDigit(c) || (c == '-' && j > labelStart))
            {
                j++;
            }
            else if (c == '.' && j > labelStart && j + 1 < s.Length && char.IsAsciiLetterOrDigit(s[j + 1]))
            {
                dots++;
                j++;
                labelStart = j;
            }
            else
            {
                break;
            }
        }

        if (dots == 0 || j == labelStart)
        {
            return 0;
        }

        var lookup = BareDomainEndings.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(s[labelStart..j]) ? j : 0;
    }

    private static int RunEnd(string text, int i)
    {
        var j = i;
        while (j < text.Length && !char.IsWhiteSpace(text[j]))
        {
            j++;
        }

        return j;
    }

    /// <summary>Drops sentence punctuation after a link, and a closing bracket that the link did not open.</summary>
    private static int TrimLinkEnd(string text, int start, int end)
    {
        while (end > start)
        {
            var c = text[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '\u2019' or '\u201D' or '\u2026' or ']' or '}' or '>')
            {
                end--;
            }
            else if (c == ')' && text.AsSpan(start, end - start).IndexOf('(') < 0)
            {
                end--;
            }
            else if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.OtherSymbol)
            {
                // An emoji stuck to the end of a link is not part of it.
                end--;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    private TextToken[] Select(TokenKind kind, int n)
    {
        if (n == 0)
        {
            return [];
        }

        var result = new TextToken[n];
        var k = 0;
        foreach (var token in Tokens)
        {
            if (token.Kind == kind)
            {
                result[k++] = token;
            }
        }

        return result;
    }
}
