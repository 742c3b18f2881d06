using System.Text;

namespace Signpost.Policy.Text;

/// <summary>
/// Unicode "fancy" letters that look like styled text but that screen readers read out one by one as
/// symbols ("mathematical bold capital N…"): mathematical alphanumerics, enclosed and full-width forms,
/// small capitals (001 §7.1 "Avoid special characters").
/// </summary>
public static class FancyText
{
    private static readonly Dictionary<int, char> Letterlike = new()
    {
        [0x210E] = 'h',
        [0x212C] = 'B',
        [0x2130] = 'E',
        [0x2131] = 'F',
        [0x210B] = 'H',
        [0x2110] = 'I',
        [0x2112] = 'L',
        [0x2133] = 'M',
        [0x211B] = 'R',
        [0x212F] = 'e',
        [0x210A] = 'g',
        [0x2134] = 'o',
        [0x212D] = 'C',
        [0x210C] = 'H',
        [0x2111] = 'I',
        [0x211C] = 'R',
        [0x2128] = 'Z',
        [0x2102] = 'C',
        [0x210D] = 'H',
        [0x2115] = 'N',
        [0x2119] = 'P',
        [0x211A] = 'Q',
        [0x211D] = 'R',
        [0x2124] = 'Z',
    };

    private static readonly Dictionary<int, char> SmallCapitals = new()
    {
        [0x1D00] = 'A',
        [0x0299] = 'B',
        [0x1D04] = 'C',
        [0x1D05] = 'D',
        [0x1D07] = 'E',
        [0xA730] = 'F',
        [0x0262] = 'G',
        [0x029C] = 'H',
        [0x026A] = 'I',
        [0x1D0A] = 'J',
        [0x1D0B] = 'K',
        [0x029F] = 'L',
        [0x1D0D] = 'M',
        [0x0274] = 'N',
        [0x1D0F] = 'O',
        [0x1D18] = 'P',
        [0x01EB] = 'Q',
        [0x0280] = 'R',
        [0xA731] = 'S',
        [0x1D1B] = 'T',
        [0x1D1C] = 'U',
        [0x1D20] = 'V',
        [0x1D21] = 'W',
        [0x028F] = 'Y',
        [0x1D22] = 'Z',
    };

    /// <summary>
    /// The plain character for a fancy code point, or '\0' when it is not fancy (or has no plain form:
    /// mathematical Greek). A weak one (small capitals, letterlike symbols, squared letters) is fancy
    /// only next to another fancy letter, because on its own it is ordinary (IPA "ɪ", "ℝ", 🅿).
    /// </summary>
    public static bool IsFancy(int cp, out char plain, out bool weak)
    {
        plain = '\0';
        weak = false;
        switch (cp)
        {
            case >= 0x1D400 and <= 0x1D6A3:
                var i = (cp - 0x1D400) % 52;
                plain = (char)(i < 26 ? 'A' + i : 'a' + i - 26);
                return true;
            case 0x1D6A4:
                plain = 'i';
                return true;
            case 0x1D6A5:
                plain = 'j';
                return true;
            case >= 0x1D6A8 and <= 0x1D7CB:
                return true;
            case >= 0x1D7CE and <= 0x1D7FF:
                plain = (char)('0' + ((cp - 0x1D7CE) % 10));
                return true;
            case >= 0x24B6 and <= 0x24CF:
                plain = (char)('A' + cp - 0x24B6);
                return true;
            case >= 0x24D0 and <= 0x24E9:
                plain = (char)('a' + cp - 0x24D0);
                return true;
            case >= 0x249C and <= 0x24B5:
                plain = (char)('a' + cp - 0x249C);
                return true;
            case >= 0x2460 and <= 0x2468:
                plain = (char)('1' + cp - 0x2460);
                return true;
            case >= 0x2776 and <= 0x277E:
                plain = (char)('1' + cp - 0x2776);
                return true;
            case >= 0x2780 and <= 0x2788:
                plain = (char)('1' + cp - 0x2780);
                return true;
            case >= 0x278A and <= 0x2792:
                plain = (char)('1' + cp - 0x278A);
                return true;
            case 0x24EA or 0x24FF:
                plain = '0';
                return true;
            case >= 0xFF10 and <= 0xFF19:
            case >= 0xFF21 and <= 0xFF3A:
            case >= 0xFF41 and <= 0xFF5A:
                plain = (char)(cp - 0xFEE0);
                return true;
            case >= 0x1F130 and <= 0x1F149:
                plain = (char)('A' + cp - 0x1F130);
                weak = true;
                return true;
            case >= 0x1F150 and <= 0x1F169:
                plain = (char)('A' + cp - 0x1F150);
                weak = true;
                return true;
            case >= 0x1F170 and <= 0x1F189:
                plain = (char)('A' + cp - 0x1F170);
                weak = true;
                return true;
        }

        if (Letterlike.TryGetValue(cp, out plain) || SmallCapitals.TryGetValue(cp, out plain))
        {
            weak = true;
            return true;
        }

        plain = '\0';
        return false;
    }

    /// <summary>The plain-text form of a span, fancy letters replaced and full-width punctuation narrowed.</summary>
    public static string ToPlain(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsFancy(rune.Value, out var plain, out _))
            {
                if (plain != '\0')
                {
                    sb.Append(plain);
                }
                else
                {
                    sb.Append(rune.ToString());
                }
            }
            else if (rune.Value is >= 0xFF01 and <= 0xFF5E)
            {
                sb.Append((char)(rune.Value - 0xFEE0));
            }
            else if (rune.Value == 0x3000)
            {
                sb.Append(' ');
            }
            else if (rune.Value != 0xFE0F)
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }
}
