using System.Text.Encodings.Web;
using System.Text.Json;
using Signpost.Policy;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Bench;

/// <summary>
/// The posts and messages the benchmarks run over: the labelled example sets of the policy tests
/// (370 posts, 352 messages: clean posts mixed with every kind of finding, every triage label),
/// and a generator that varies them into as many JSON lines as a throughput run needs.
/// </summary>
public static class BenchData
{
    private static readonly Lazy<IReadOnlyList<JsonElement>> s_postLines = new(() =>
        [.. ReadLines("accessibility-posts.jsonl"), .. ReadLines("governance-posts.jsonl")]);

    private static readonly Lazy<IReadOnlyList<JsonElement>> s_messageLines = new(() => ReadLines("triage-messages.jsonl"));

    // Sentences added to some generated lines so that a million lines are not 370 texts repeated:
    // they vary length, numbers, hashtags and links the way a year of an ICB's posts does.
    private static readonly string[] s_extras =
    [
        "Find out more at https://riverside.icb.nhs.uk/winter.",
        "Call NHS 111 if you need help that is not an emergency.",
        "#StayWell #NHSRiverside",
        "Clinics run from {0}am to 4pm.",
        "Thank you to our {0} volunteers this week!",
        "Book online at www.nhs.uk/vaccinations or at your GP practice.",
        "More than {0} people were seen at the hub last month.",
        "#ThankYouNHS",
        "Please share with friends and family.",
        "Our pharmacy team can advise on minor illnesses.",
    ];

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<Post> Posts() =>
        [.. s_postLines.Value.Select(l => JsonSerializer.Deserialize<Post>(l.GetRawText(), OrganisationSettings.JsonOptions)!)];

    /// <summary>The posts labelled as having no finding: what most of a comms team's posts look like.</summary>
    public static IReadOnlyList<Post> TypicalPosts() =>
        [.. s_postLines.Value.Where(l => l.GetProperty("expect").GetArrayLength() == 0)
            .Select(l => JsonSerializer.Deserialize<Post>(l.GetRawText(), OrganisationSettings.JsonOptions)!)];

    public static IReadOnlyList<InboundMessage> Messages() =>
        [.. s_messageLines.Value.Select(l => JsonSerializer.Deserialize<InboundMessage>(l.GetRawText(), OrganisationSettings.JsonOptions)!)];

    /// <summary>Writes <paramref name="count"/> JSON lines of posts or messages (the CLI's input), varied from the labelled sets.</summary>
    public static void Generate(string kind, long count, Stream output)
    {
        var source = kind switch
        {
            "posts" => s_postLines.Value,
            "messages" => s_messageLines.Value,
            _ => throw new ArgumentException($"Unknown kind \"{kind}\": use posts or messages.", nameof(kind)),
        };
        var random = new Random(20261124);
        using var writer = new Utf8JsonWriter(output, s_writerOptions);
        for (long i = 0; i < count; i++)
        {
            var line = source[(int)(i % source.Count)];
            writer.Reset(output);
            writer.WriteStartObject();
            writer.WriteString("id", (kind == "posts" ? "p" : "m") + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var property in line.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "id" or "expect":
                        break;
                    case "text":
                        writer.WriteString("text", Vary(property.Value.GetString()!, random));
                        break;
                    default:
                        property.WriteTo(writer);
                        break;
                }
            }

            writer.WriteEndObject();
            writer.Flush();
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>Writes the text of the first <paramref name="count"/> generated posts, one file each, for alex.</summary>
    public static void WriteTexts(long count, string directory)
    {
        Directory.CreateDirectory(directory);
        using var lines = new MemoryStream();
        Generate("posts", count, lines);
        lines.Position = 0;
        using var reader = new StreamReader(lines);
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            var text = JsonDocument.Parse(line).RootElement.GetProperty("text").GetString();
            File.WriteAllText(Path.Combine(directory, $"post-{n++:D6}.txt"), text + "\n");
        }
    }

    private static string Vary(string text, Random random)
    {
        // Half the lines as labelled, half with one sentence added (findings stay realistic).
        if (random.Next(2) == 0)
        {
            return text;
        }

        var extra = string.Format(System.Globalization.CultureInfo.InvariantCulture, s_extras[random.Next(s_extras.Length)], random.Next(2, 500));
        return random.Next(4) == 0 ? extra + " " + text : text + " " + extra;
    }

    private static List<JsonElement> ReadLines(string resource)
    {
        using var stream = typeof(BenchData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The build did not embed {resource}.");
        using var reader = new StreamReader(stream);
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return lines;
    }
}
