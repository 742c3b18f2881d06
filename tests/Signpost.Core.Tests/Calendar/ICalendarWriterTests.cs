using System.Text;
using Signpost.Core.Features.Calendar;

namespace Signpost.Core.Tests.Calendar;

public sealed class ICalendarWriterTests
{
    [Fact]
    public void Escape_CommasSemicolonsBackslashesAndLineBreaks_AreEscaped()
    {
        Assert.Equal(@"Flu\, COVID\; and \\ more\nNext line\nThird", ICalendarWriter.Escape("Flu, COVID; and \\ more\r\nNext line\nThird"));
    }

    [Fact]
    public void Fold_ALongLineOfEmojiAndAccents_NeverPassesSeventyFiveOctetsOrSplitsACharacter()
    {
        var value = string.Concat(Enumerable.Repeat("Café 💉 clinic — ", 20));
        var line = "SUMMARY:" + value;

        var lines = ICalendarWriter.Fold(line).ToList();

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l, StringComparison.Ordinal));
        // Every piece is whole UTF-8 on its own: no character was cut in two.
        Assert.All(lines, l => Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(l))));
        Assert.All(lines, l => Assert.False(char.IsHighSurrogate(l[^1]), "A line ends inside a surrogate pair"));
        Assert.Equal(line, string.Concat(lines.Take(1).Concat(lines.Skip(1).Select(l => l[1..]))));
    }

    [Fact]
    public void Fold_ALineOfExactlySeventyFiveOctets_IsNotFolded()
    {
        var line = "SUMMARY:" + new string('a', 67);

        Assert.Equal([line], ICalendarWriter.Fold(line));
    }

    [Fact]
    public void Writer_UsesCrlfAndTextThatUnfoldsBackToWhatWasWritten()
    {
        var summary = "Vaccination week, Riverside; \"drop in\" \\ no appointment\nBring your red book 📕 " + new string('x', 100);

        var text = new ICalendarWriter().Begin("VCALENDAR").Text("SUMMARY", summary).End("VCALENDAR").ToString();

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", text, StringComparison.Ordinal);
        Assert.Equal(text.Split("\r\n").Length - 1, text.Split('\n').Length - 1);
        var properties = ICalendarText.Parse(text);
        Assert.Equal(summary, ICalendarText.Unescape(properties.Single(p => p.Name == "SUMMARY").Value));
    }
}

/// <summary>A small RFC 5545 reader for the tests: unfolds lines and splits name, parameters and value.</summary>
public static class ICalendarText
{
    public sealed record Property(string Name, string Parameters, string Value);

    public static IReadOnlyList<Property> Parse(string text)
    {
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var result = new List<Property>();
        foreach (var line in unfolded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = IndexOfValueColon(line);
            Assert.True(colon > 0, $"Not a content line: {line}");
            var head = line[..colon];
            var semicolon = head.IndexOf(';', StringComparison.Ordinal);
            result.Add(semicolon < 0 ? new Property(head, "", line[(colon + 1)..]) : new Property(head[..semicolon], head[(semicolon + 1)..], line[(colon + 1)..]));
        }

        return result;
    }

    /// <summary>The VEVENTs, each as its properties.</summary>
    public static IReadOnlyList<IReadOnlyList<Property>> Events(string text)
    {
        var events = new List<IReadOnlyList<Property>>();
        List<Property>? current = null;
        foreach (var property in Parse(text))
        {
            if (property is { Name: "BEGIN", Value: "VEVENT" })
            {
                current = [];
            }
            else if (property is { Name: "END", Value: "VEVENT" })
            {
                events.Add(current!);
                current = null;
            }
            else
            {
                current?.Add(property);
            }
        }

        return events;
    }

    public static string Unescape(string value)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                builder.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                Assert.False(value[i] is ';' or ',', $"Unescaped {value[i]} in a TEXT value: {value}");
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    // The first colon outside a quoted parameter value.
    private static int IndexOfValueColon(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                return i;
            }
        }

        return -1;
    }
}
