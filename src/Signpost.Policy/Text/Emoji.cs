using System.Globalization;
using System.Text;

namespace Signpost.Policy.Text;

/// <summary>One emoji in a text: a whole grapheme cluster (ZWJ sequences, skin tones, flags, keycaps count once).</summary>
public readonly record struct EmojiSpan(int Start, int Length);

/// <summary>Finds emoji as user-perceived characters (extended grapheme clusters).</summary>
public static class Emoji
{
    /// <summary>Symbols below U+1F000 that show as emoji without a variation selector (Unicode Emoji_Presentation).</summary>
    private static readonly HashSet<int> DefaultPresentation =
    [
        0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
        0x2648, 0x2649, 0x264A, 0x264B, 0x264C, 0x264D, 0x264E, 0x264F, 0x2650, 0x2651, 0x2652, 0x2653,
        0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753,
        0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55,
    ];

    /// <summary>Appends the emoji of <paramref name="text"/> to <paramref name="found"/>; cheap for ASCII text.</summary>
    public static void Find(string text, List<EmojiSpan> found)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var keycap = c is (>= '0' and <= '9') or '#' or '*'
                && i + 1 < text.Length && text[i + 1] is '\uFE0F' or '\u20E3';
            if (c < 0x80 && !keycap)
            {
                i++;
                continue;
            }

            var length = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            if (IsEmoji(text.AsSpan(i, length)))
            {
                found.Add(new EmojiSpan(i, length));
            }

            i += Math.Max(1, length);
        }
    }

    /// <summary>Whether one grapheme cluster is an emoji.</summary>
    public static bool IsEmoji(ReadOnlySpan<char> grapheme)
    {
        if (grapheme.IsEmpty || Rune.DecodeFromUtf16(grapheme, out var rune, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var cp = rune.Value;
        var hasPresentation = grapheme.Contains('\uFE0F') || grapheme.Contains('\u20E3');
        if (cp is >= 0x1F000 and <= 0x1FAFF)
        {
            // Enclosed letters and digits ("🄰", "🅐", "⒈") are fancy text, not emoji, unless shown as emoji
            // (the blood types 🅰️ 🅱️ 🅾️ 🅿️).
            var enclosedLetter = cp is >= 0x1F100 and <= 0x1F189;
            return !enclosedLetter || hasPresentation;
        }

        if (DefaultPresentation.Contains(cp))
        {
            return true;
        }

        return hasPresentation && (cp is >= 0x2000 and <= 0x2BFF or 0x00A9 or 0x00AE or 0x3030 or 0x303D or 0x3297 or 0x3299
            or (>= '0' and <= '9') or '#' or '*');
    }
}
