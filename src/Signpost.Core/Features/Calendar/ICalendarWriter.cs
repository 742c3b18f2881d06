using System.Globalization;
using System.Text;

namespace Signpost.Core.Features.Calendar;

/// <summary>
/// Writes an iCalendar stream (RFC 5545): CRLF line endings, content lines folded at 75 octets of
/// UTF-8 without splitting a character (§3.1), and TEXT values escaped (§3.3.11). Times are written
/// in UTC with "Z", so that no VTIMEZONE is needed.
/// </summary>
public sealed class ICalendarWriter
{
    /// <summary>RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.</summary>
    public const int MaxLineOctets = 75;

    private readonly StringBuilder _text = new();

    /// <summary>A property whose value is already in its iCalendar form (a date, a URI, a keyword).</summary>
    public ICalendarWriter Property(string name, string value)
    {
        AppendFolded($"{name}:{value}");
        return this;
    }

    /// <summary>A TEXT property: the value is escaped.</summary>
    public ICalendarWriter Text(string name, string value) => Property(name, Escape(value));

    /// <summary>A DATE-TIME property in UTC, like 20261124T193000Z.</summary>
    public ICalendarWriter Utc(string name, DateTimeOffset value) => Property(name, FormatUtc(value));

    /// <summary>An all-day DATE property, like DTSTART;VALUE=DATE:20270301.</summary>
    public ICalendarWriter Date(string name, DateOnly value) =>
        Property($"{name};VALUE=DATE", value.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public ICalendarWriter Begin(string component) => Property("BEGIN", component);

    public ICalendarWriter End(string component) => Property("END", component);

    public override string ToString() => _text.ToString();

    public static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case ';':
                    builder.Append(@"\;");
                    break;
                case ',':
                    builder.Append(@"\,");
                    break;
                case '\r':
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    builder.Append(@"\n");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    // Other control characters are not allowed in TEXT (§3.3.11); a tab is.
                    if (!char.IsControl(c) || c == '\t')
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits a content line into lines of at most 75 octets: each continuation starts with one
    /// space, which counts towards its 75. Characters (runes) are never split across lines.
    /// </summary>
    public static IEnumerable<string> Fold(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var current = new StringBuilder();
        var octets = 0;
        var limit = MaxLineOctets;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                yield return current.ToString();
                current.Clear().Append(' ');
                octets = 1;
            }

            current.Append(rune.ToString());
            octets += size;
        }

        yield return current.ToString();
    }

    private void AppendFolded(string line)
    {
        foreach (var part in Fold(line))
        {
            _text.Append(part).Append("\r\n");
        }
    }
}
