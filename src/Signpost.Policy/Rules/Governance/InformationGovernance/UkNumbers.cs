using System.Buffers;
using System.Text.RegularExpressions;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// Tells NHS numbers and UK phone numbers apart. Both are ten or eleven digits, and a ten-digit
/// number that starts with 0 can be either. The rule: a 3-3-4 (or unspaced) number that passes
/// Modulus 11 is an NHS number, unless it starts with 01/02/03/07/08 and the words just before it
/// read like a phone number ("call", "tel", "ring"…), or it follows "+44". Phone spacing such
/// as "0300 123 4567" (4-3-4) or "01632 960 001" never matches the NHS pattern at all.
/// </summary>
internal static partial class UkNumbers
{
    private static readonly SearchValues<string> PhoneWords = SearchValues.Create(
        ["call", "tel", "phone", "ring", "text", "mobile", "fax", "dial", "contact", "number", "helpline", "line"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Ten digits as 3-3-4 with one kind of separator (space, hyphen or none), not part of a longer number.</summary>
    [GeneratedRegex(@"(?<![\d+][ -]?)(?<!\d)\d{3}(?<sep>[ -]?)\d{3}\k<sep>\d{4}(?![ -]?\d)", RegexOptions.CultureInvariant)]
    public static partial Regex NhsNumberPattern();

    /// <summary>A UK phone number: +44, 0044 or 0, then 9–10 more digits with spaces, hyphens or brackets.</summary>
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)(?:\d[ \-)]{0,2}){8,10}\d(?!\d)", RegexOptions.CultureInvariant)]
    public static partial Regex PhonePattern();

    /// <summary>Whether the text has at least <paramref name="count"/> ASCII digits (a cheap test before a number pattern).</summary>
    public static bool HasDigits(ReadOnlySpan<char> text, int count)
    {
        var found = 0;
        for (var i = text.IndexOfAnyInRange('0', '9'); i >= 0; i = text.IndexOfAnyInRange('0', '9'))
        {
            if (++found >= count)
            {
                return true;
            }

            text = text[(i + 1)..];
        }

        return false;
    }

    /// <summary>Modulus 11 (NHS Data Dictionary "NHS NUMBER"): weights 10..2 on the first nine digits, check digit 11 − remainder, 11 → 0, 10 → invalid.</summary>
    public static bool PassesModulus11(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 10)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        // "0000000000" passes the arithmetic but is no one's number.
        return check != 10 && check == digits[9] - '0' && sum != 0;
    }

    /// <summary>Copies the digits of <paramref name="text"/> into <paramref name="buffer"/>; returns how many (or -1 if they do not fit).</summary>
    public static int Digits(ReadOnlySpan<char> text, Span<char> buffer)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == buffer.Length)
                {
                    return -1;
                }

                buffer[count++] = c;
            }
        }

        return count;
    }

    /// <summary>A UK number in national form: digits only, "+44"/"0044" turned into a leading 0; empty if it is not one.</summary>
    public static int NationalDigits(ReadOnlySpan<char> text, Span<char> buffer)
    {
        Span<char> raw = stackalloc char[20];
        var count = Digits(text, raw);
        if (count <= 0)
        {
            return 0;
        }

        var trimmed = text.TrimStart();
        ReadOnlySpan<char> national = raw[..count];
        if (trimmed.StartsWith("+44", StringComparison.Ordinal) || trimmed.StartsWith("0044", StringComparison.Ordinal))
        {
            national = national[(trimmed[0] == '+' ? 2 : 4)..];
            if (national.Length > 0 && national[0] == '0')
            {
                national = national[1..]; // "+44 (0)20…"
            }

            if (buffer.Length < national.Length + 1)
            {
                return 0;
            }

            buffer[0] = '0';
            national.CopyTo(buffer[1..]);
            return national.Length + 1;
        }

        return CopyTo(national, buffer);
    }

    /// <summary>Whether national digits look like a UK landline, non-geographic or mobile number (01, 02, 03, 07, 08; 10 or 11 digits).</summary>
    public static bool IsUkPhone(ReadOnlySpan<char> national) =>
        national.Length is 10 or 11 && national[0] == '0' && national[1] is '1' or '2' or '3' or '7' or '8';

    /// <summary>Whether the words just before <paramref name="start"/> say that a phone number follows.</summary>
    public static bool FollowsPhoneWords(string text, int start)
    {
        var from = Math.Max(0, start - 24);
        var before = text.AsSpan(from, start - from);
        return before.IndexOfAny(PhoneWords) >= 0 || before.TrimEnd().EndsWith("+44", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether an NHS-number-shaped match is really a phone number: it starts with a phone prefix
    /// and the words before it say so.
    /// </summary>
    public static bool IsPhoneRatherThanNhsNumber(string text, int start, ReadOnlySpan<char> digits) =>
        digits.Length == 10 && digits[0] == '0' && digits[1] is '1' or '2' or '3' or '7' or '8' && FollowsPhoneWords(text, start);

    private static int CopyTo(ReadOnlySpan<char> source, Span<char> buffer)
    {
        if (source.Length > buffer.Length)
        {
            return 0;
        }

        source.CopyTo(buffer);
        return source.Length;
    }
}
