using System.CommandLine;
using System.Text.Json;
using Signpost.Policy;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>
    /// `signpost check`: posts in, findings out, one JSON object per line in the same order
    /// (RULES.md, command-line contract).
    /// </summary>
    public static Command Check()
    {
        var command = new Command(
            "check",
            "Check posts against the policy rules. Reads one JSON post per line ({\"id\",\"platform\",\"account\",\"text\",\"media\",\"scheduledFor\"}) "
            + "and writes one line of findings per post, in the same order. Exit code 1 when any line was bad.");
        var options = AddPolicyOptions(command);
        command.SetAction((parsed, ct) => RunJsonLinesAsync(parsed, options, settings => new CheckLineVerb(new PolicyEngine(settings)), ct));
        return command;
    }
}

/// <summary>
/// One line of <c>signpost check</c>. Output: <c>{"id":…,"findings":[{"code","severity","start","length","message","suggestion"}]}</c>;
/// every finding has all six fields, <c>start</c> and <c>length</c> null for a whole-post finding
/// and <c>suggestion</c> null when there is none, so that readers need no "is it there" checks.
/// </summary>
internal sealed class CheckLineVerb(PolicyEngine engine) : IJsonLineVerb
{
    private static readonly NameTable<AccountKind> s_accounts = new(
        ("corporate", AccountKind.Corporate), ("departmental", AccountKind.Departmental), ("personal", AccountKind.Personal));

    private static readonly NameTable<PostTextKind> s_textKinds = new(
        ("post", PostTextKind.Post), ("profile", PostTextKind.Profile), ("blog", PostTextKind.Blog));

    private static readonly NameTable<MediaKind> s_mediaKinds = new(
        ("image", MediaKind.Image), ("gif", MediaKind.Gif), ("video", MediaKind.Video));

    private static readonly NameTable<ConsentState> s_consent = new(
        ("covered", ConsentState.Covered), ("missing", ConsentState.Missing), ("not_covered", ConsentState.NotCovered),
        ("withdrawn", ConsentState.Withdrawn), ("expired", ConsentState.Expired));

    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_findings = JsonEncodedText.Encode("findings");
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText s_severity = JsonEncodedText.Encode("severity");
    private static readonly JsonEncodedText s_start = JsonEncodedText.Encode("start");
    private static readonly JsonEncodedText s_length = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText s_message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText s_suggestion = JsonEncodedText.Encode("suggestion");
    private static readonly JsonEncodedText[] s_severities =
    [
        JsonEncodedText.Encode("info"), JsonEncodedText.Encode("warning"), JsonEncodedText.Encode("error"),
    ];

    public void Process(ReadOnlySpan<byte> line, Utf8JsonWriter writer)
    {
        var (id, post) = Parse(line);
        var findings = engine.Check(post);

        writer.WriteStartObject();
        JsonLineFields.WriteId(writer, s_id, id);
        writer.WriteStartArray(s_findings);
        foreach (var finding in findings)
        {
            writer.WriteStartObject();
            writer.WriteString(s_code, finding.Code);
            writer.WriteString(s_severity, s_severities[(int)finding.Severity]);
            WriteNumberOrNull(writer, s_start, finding.Start);
            WriteNumberOrNull(writer, s_length, finding.Length);
            writer.WriteString(s_message, finding.Message);
            if (finding.Suggestion is null)
            {
                writer.WriteNull(s_suggestion);
            }
            else
            {
                writer.WriteString(s_suggestion, finding.Suggestion);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, JsonEncodedText name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Reads a post; fields RULES.md does not name are ignored, so that richer exports can be piped in as they are.</summary>
    internal static (JsonLineId Id, Post Post) Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        JsonLineFields.ExpectObject(ref reader, "a post");

        JsonLineId id = default;
        string? text = null;
        Platform? platform = null;
        var account = AccountKind.Corporate;
        IReadOnlyList<MediaItem> media = [];
        DateTimeOffset? scheduledFor = null;
        string? handle = null;
        var textKind = PostTextKind.Post;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = JsonLineFields.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = JsonLineFields.ReadString(ref reader, "text");
            }
            else if (reader.ValueTextEquals("platform"u8))
            {
                reader.Read();
                platform = reader.TokenType == JsonTokenType.Null ? null : JsonLineFields.ReadName(ref reader, "platform", JsonLineFields.Platforms);
            }
            else if (reader.ValueTextEquals("account"u8))
            {
                reader.Read();
                account = reader.TokenType == JsonTokenType.Null ? AccountKind.Corporate : JsonLineFields.ReadName(ref reader, "account", s_accounts);
            }
            else if (reader.ValueTextEquals("media"u8))
            {
                reader.Read();
                media = ReadMedia(ref reader);
            }
            else if (reader.ValueTextEquals("scheduledFor"u8))
            {
                reader.Read();
                scheduledFor = JsonLineFields.ReadInstant(ref reader, "scheduledFor");
            }
            else if (reader.ValueTextEquals("handle"u8))
            {
                reader.Read();
                handle = JsonLineFields.ReadOptionalString(ref reader, "handle");
            }
            else if (reader.ValueTextEquals("textKind"u8))
            {
                reader.Read();
                textKind = reader.TokenType == JsonTokenType.Null ? PostTextKind.Post : JsonLineFields.ReadName(ref reader, "textKind", s_textKinds);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        JsonLineFields.ExpectEnd(ref reader);
        if (text is null)
        {
            throw new JsonLineException("a post needs \"text\"");
        }

        var post = new Post
        {
            Text = text,
            Platform = platform,
            Account = account,
            Media = media,
            ScheduledFor = scheduledFor,
            Handle = handle,
            TextKind = textKind,
        };
        return (id, post);
    }

    private static List<MediaItem> ReadMedia(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonLineException("\"media\" must be a list of {\"kind\",\"alt\",\"captions\",\"consent\"} objects");
        }

        var items = new List<MediaItem>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            JsonLineFields.ExpectObject(ref reader, "each item of \"media\"");
            var kind = MediaKind.Image;
            string? alt = null;
            string? fileName = null;
            bool? captions = null;
            ConsentState? consent = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    kind = JsonLineFields.ReadName(ref reader, "kind", s_mediaKinds);
                }
                else if (reader.ValueTextEquals("alt"u8))
                {
                    reader.Read();
                    alt = JsonLineFields.ReadOptionalString(ref reader, "alt");
                }
                else if (reader.ValueTextEquals("captions"u8))
                {
                    reader.Read();
                    captions = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw new JsonLineException("\"captions\" must be true or false"),
                    };
                }
                else if (reader.ValueTextEquals("consent"u8))
                {
                    reader.Read();
                    consent = reader.TokenType == JsonTokenType.Null ? null : JsonLineFields.ReadName(ref reader, "consent", s_consent);
                }
                else if (reader.ValueTextEquals("fileName"u8))
                {
                    reader.Read();
                    fileName = JsonLineFields.ReadOptionalString(ref reader, "fileName");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            items.Add(new MediaItem { Kind = kind, Alt = alt, Captions = captions, Consent = consent, FileName = fileName });
        }

        return items;
    }
}
