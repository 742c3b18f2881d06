using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Triage;

/// <summary>A piece of personal data found in a message.</summary>
internal readonly record struct PersonalDataMatch(int Start, int Length, string Rule);

/// <summary>
/// Finds personal data the sender shares (RULES.md personal_data; 004 §6.5.2: personal details are
/// passed on, then deleted): NHS numbers passing the Modulus 11 check, mobile numbers, landlines
/// given as "my number", full postcodes, street addresses, dates of birth and email addresses.
/// The organisation's own published numbers, emails and premises postcodes are not personal data.
/// </summary>
internal sealed partial class PersonalDataDetector
{
    private readonly FrozenSet<string> _publishedPhoneDigits;
    private readonly FrozenSet<string> _publishedEmails;
    private readonly FrozenSet<string> _premisesPostcodes;

    public PersonalDataDetector(OrganisationSettings settings)
    {
        _publishedPhoneDigits = settings.PublishedPhones.Select(DigitsOnly).Where(d => d.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        _publishedEmails = settings.PublishedEmails.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _premisesPostcodes = settings.PremisesPostcodes.Select(CompactPostcode).ToFrozenSet(StringComparer.Ordinal);
    }

    // Ten digits grouped 3-3-4 (spaces or hyphens) or run together (NHS Data Dictionary display format).
    [GeneratedRegex(@"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex TenDigits();

    // UK numbers: 0 or +44 then 9–10 more digits, spaces or hyphens allowed between digits.
    [GeneratedRegex(@"(?<![\d+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)\d(?:[ -]?\)?[ -]?\d){8,9}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex UkPhone();

    // A full UK postcode (outward and inward code).
    [GeneratedRegex(@"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    // A house number and a street: "14 Elm Road", "flat 3, 22 high st".
    [GeneratedRegex(@"\b\d{1,4}[a-z]?,? (?:[a-z'’]+ ){1,3}(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|gardens|grove|place|terrace|mews|walk|row|square|park|hill|view|rise)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // A cue for a date of birth, then a date within a few words.
    [GeneratedRegex(@"\b(?:d\.?o\.?b\.?|date of birth|born on|born|birthday is|birth date)\b[\s:,-]*(?:is\s+|was\s+|on\s+|the\s+)*(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:\d{4}|\d{2})\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateOfBirth();

    // Cue words that turn a landline into the sender's own number.
    [GeneratedRegex(@"(?:my|our|mums?|dads?|his|her)\s+(?:mobile|phone|number|no|landline|home number|tel)|(?:call|ring|phone|text|contact|reach|whatsapp)\s+(?:me|us|him|her)\s+(?:on|at)?|number is|tel:?|mob:?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnNumberCue();

    public void Find(TextScan scan, bool nhsNumberMentioned, List<PersonalDataMatch> found)
    {
        var text = scan.Text;
        if (scan.HasDigit)
        {
            foreach (var m in TenDigits().EnumerateMatches(text))
            {
                var digits = DigitsOnly(text.AsSpan(m.Index, m.Length));
                if (NhsNumber.IsValid(digits))
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "NHS number (passes the Modulus 11 check)"));
                }
                else if (nhsNumberMentioned && digits[0] != '0')
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "ten digits given as an NHS number"));
                }
            }

            foreach (var m in UkPhone().EnumerateMatches(text))
            {
                var digits = DigitsOnly(text.AsSpan(m.Index, m.Length));
                if (digits.StartsWith("44", StringComparison.Ordinal))
                {
                    digits = "0" + digits[2..];
                }

                if (digits.Length != 11 || _publishedPhoneDigits.Contains(digits) || Overlaps(found, m.Index, m.Length))
                {
                    continue;
                }

                var isMobile = digits[1] == '7';
                if (isMobile)
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "UK mobile number"));
                }
                else if (OwnNumberCue().IsMatch(text.AsSpan(Math.Max(0, m.Index - 30), Math.Min(30, m.Index))))
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "phone number given as the sender's own"));
                }
            }

            foreach (var m in Postcode().EnumerateMatches(text))
            {
                if (!_premisesPostcodes.Contains(CompactPostcode(text.Substring(m.Index, m.Length))))
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "full postcode"));
                }
            }

            foreach (var m in StreetAddress().EnumerateMatches(text))
            {
                found.Add(new PersonalDataMatch(m.Index, m.Length, "street address"));
            }

            foreach (var m in DateOfBirth().EnumerateMatches(text))
            {
                found.Add(new PersonalDataMatch(m.Index, m.Length, "date of birth"));
            }
        }

        if (scan.HasAt)
        {
            foreach (var m in Email().EnumerateMatches(text))
            {
                if (!_publishedEmails.Contains(text.Substring(m.Index, m.Length)))
                {
                    found.Add(new PersonalDataMatch(m.Index, m.Length, "email address"));
                }
            }
        }
    }

    private static bool Overlaps(List<PersonalDataMatch> found, int start, int length)
    {
        foreach (var f in found)
        {
            if (start < f.Start + f.Length && f.Start < start + length)
            {
                return true;
            }
        }

        return false;
    }

    private static string DigitsOnly(string s) => DigitsOnly(s.AsSpan());

    private static string DigitsOnly(ReadOnlySpan<char> s)
    {
        Span<char> buffer = stackalloc char[s.Length];
        var n = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }

    private static string CompactPostcode(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}

/// <summary>The NHS number check digit (NHS Data Dictionary, "NHS NUMBER": Modulus 11).</summary>
public static class NhsNumber
{
    /// <summary>True for ten digits whose weighted sum (weights 10..1) is a multiple of 11 — the five-step check, including "a check digit of 10 is invalid".</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 10)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = digits[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            sum += (c - '0') * (10 - i);
        }

        return sum % 11 == 0;
    }
}
