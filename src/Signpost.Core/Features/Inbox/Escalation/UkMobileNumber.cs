using System.Text;

namespace Signpost.Core.Features.Inbox;

/// <summary>A UK mobile number for duty pages by text message (GOV.UK Notify sends to UK numbers).</summary>
public static class UkMobileNumber
{
    /// <summary>
    /// Reads 07700 900123, +44 7700 900123, 0044 7700 900123 or (07700) 900-123 and gives it as
    /// +447700900123; false for anything that is not a UK mobile number (07 and ten more digits).
    /// </summary>
    public static bool TryNormalise(string? value, out string normalised)
    {
        normalised = "";
        if (string.IsNullOrWhiteSpace(value) || value.Length > 40)
        {
            return false;
        }

        var digits = new StringBuilder();
        var text = value.Trim();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && i == 0)
            {
                digits.Append("00");
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return false;
            }
        }

        var number = digits.ToString();
        if (number.StartsWith("0044", StringComparison.Ordinal))
        {
            number = "0" + number[4..];
        }
        else if (number.StartsWith("44", StringComparison.Ordinal) && number.Length == 12)
        {
            number = "0" + number[2..];
        }

        // UK mobiles are 07 followed by nine more digits (11 digits in all).
        if (number.Length != 11 || !number.StartsWith("07", StringComparison.Ordinal))
        {
            return false;
        }

        normalised = "+44" + number[1..];
        return true;
    }

    /// <summary>+447700900123 shown as 07700 900123.</summary>
    public static string Display(string? stored) =>
        stored is { Length: 13 } s && s.StartsWith("+447", StringComparison.Ordinal) ? $"0{s[3..7]} {s[7..]}" : stored ?? "";
}
