namespace Signpost.Policy.Triage;

/// <summary>A word of the message: where it is in the original text and in the normalised buffer.</summary>
internal struct WordToken
{
    public int Start;
    public int Length;
    public int NormStart;
    public int NormLength;
    public int Sentence;
}

/// <summary>A sentence (split at . ! ? ; and line breaks) and whether it ends with a question mark.</summary>
internal struct SentenceInfo
{
    public int FirstToken;
    public int TokenCount;
    public bool HasQuestionMark;
    public int QuestionMarkAt;
}

/// <summary>
/// One pass over the text: words as lower-case spans with apostrophes removed ("Don’t" → "dont",
/// so that straight, curly and missing apostrophes match alike), hyphens and other punctuation as
/// separators ("self-harm" → "self" "harm"), sentences, and the cheap facts that decide which
/// detectors need to run (digits, '@', links). The buffers are reused per thread: no allocation
/// once they have grown to the size of the longest message.
/// </summary>
internal sealed class TextScan
{
    public char[] Norm = new char[512];
    public WordToken[] Tokens = new WordToken[128];

    /// <summary>Per token, the word the lexicon reads instead of the written one (a spelling or slang variant, a typo), or null.</summary>
    public string?[] Aliases = new string?[128];
    public SentenceInfo[] Sentences = new SentenceInfo[16];
    public int TokenCount;
    public int SentenceCount;
    public bool HasDigit;
    public bool HasAt;
    public int LinkCount;
    public string Text = "";

    /// <summary>The normalised word of a token, or the word it stands for (<see cref="Aliases"/>).</summary>
    public ReadOnlySpan<char> Word(int token)
    {
        var alias = Aliases[token];
        if (alias is not null)
        {
            return alias;
        }

        ref var t = ref Tokens[token];
        return Norm.AsSpan(t.NormStart, t.NormLength);
    }

    /// <summary>The normalised word as written, ignoring any alias.</summary>
    public ReadOnlySpan<char> WrittenWord(int token)
    {
        ref var t = ref Tokens[token];
        return Norm.AsSpan(t.NormStart, t.NormLength);
    }

    public void Scan(string text)
    {
        Text = text;
        TokenCount = 0;
        SentenceCount = 0;
        HasDigit = false;
        HasAt = false;
        LinkCount = 0;
        if (Norm.Length < text.Length)
        {
            Norm = new char[Math.Max(text.Length, Norm.Length * 2)];
        }

        var normLength = 0;
        var sentence = 0;
        var sentenceStartToken = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                var normStart = normLength;
                while (i < text.Length)
                {
                    c = text[i];
                    if (char.IsLetterOrDigit(c))
                    {
                        if (char.IsAsciiDigit(c))
                        {
                            HasDigit = true;
                        }

                        Norm[normLength++] = char.ToLowerInvariant(c);
                        i++;
                    }
                    else if (IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                    {
                        // An apostrophe inside a word is dropped: "don't", "don’t" and "dont" are one word.
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (TokenCount == Tokens.Length)
                {
                    Array.Resize(ref Tokens, Tokens.Length * 2);
                    Array.Resize(ref Aliases, Tokens.Length);
                }

                Aliases[TokenCount] = null;

                Tokens[TokenCount++] = new WordToken
                {
                    Start = start,
                    Length = i - start,
                    NormStart = normStart,
                    NormLength = normLength - normStart,
                    Sentence = sentence,
                };
                continue;
            }

            if (c == '@')
            {
                HasAt = true;
            }
            else if (c == ':' && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
            {
                LinkCount++;
            }
            else if ((c == 'w' || c == 'W') && i + 3 < text.Length && (i == 0 || !char.IsLetterOrDigit(text[i - 1])) && text.AsSpan(i, 4).Equals("www.", StringComparison.OrdinalIgnoreCase) && (i < 3 || text[i - 1] != '/'))
            {
                LinkCount++;
            }

            var ends = c is '?' or '!' or ';' or '\n' or '\r'
                || (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] == '.'));
            if (ends && TokenCount > sentenceStartToken)
            {
                CloseSentence(sentenceStartToken, c == '?' ? i : -1);
                sentence++;
                sentenceStartToken = TokenCount;
            }
            else if (c == '?' && SentenceCount > 0 && TokenCount == sentenceStartToken)
            {
                // "...??" or "? ?": the question mark belongs to the sentence just closed.
                ref var last = ref Sentences[SentenceCount - 1];
                if (!last.HasQuestionMark)
                {
                    last.HasQuestionMark = true;
                    last.QuestionMarkAt = i;
                }
            }

            i++;
        }

        if (TokenCount > sentenceStartToken)
        {
            CloseSentence(sentenceStartToken, -1);
        }
    }

    private void CloseSentence(int firstToken, int questionMarkAt)
    {
        if (SentenceCount == Sentences.Length)
        {
            Array.Resize(ref Sentences, Sentences.Length * 2);
        }

        Sentences[SentenceCount++] = new SentenceInfo
        {
            FirstToken = firstToken,
            TokenCount = TokenCount - firstToken,
            HasQuestionMark = questionMarkAt >= 0,
            QuestionMarkAt = questionMarkAt,
        };
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '`' or '\u02BC';

    /// <summary>Normalises a lexicon phrase the same way, for building the word index.</summary>
    public static List<string> NormaliseWords(string phrase)
    {
        var scan = new TextScan();
        scan.Scan(phrase);
        var words = new List<string>(scan.TokenCount);
        for (var t = 0; t < scan.TokenCount; t++)
        {
            words.Add(scan.Word(t).ToString());
        }

        return words;
    }
}
