using System.CommandLine;
using System.Text.Json;
using Signpost.Policy;
using Signpost.Policy.Triage;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>
    /// `signpost triage`: messages in, labels, priority and out-of-hours out, one JSON object per
    /// line in the same order (RULES.md, command-line contract).
    /// </summary>
    public static Command Triage()
    {
        var command = new Command(
            "triage",
            "Label inbound messages. Reads one JSON message per line ({\"id\",\"platform\",\"kind\",\"text\",\"receivedAt\"}) "
            + "and writes {\"id\",\"labels\",\"priority\",\"outOfHours\"} per message, in the same order. Exit code 1 when any line was bad.");
        var options = AddPolicyOptions(command);
        var explainOption = new Option<bool>("--explain")
        {
            Description = "Add \"reasons\" to each output line: the words or pattern behind each label, with their span in the text",
        };
        command.Options.Add(explainOption);
        command.SetAction((parsed, ct) =>
        {
            var explain = parsed.GetValue(explainOption);
            return RunJsonLinesAsync(parsed, options, settings => new TriageLineVerb(new TriageEngine(settings), explain, TimeProvider.System), ct);
        });
        return command;
    }
}

/// <summary>
/// One line of <c>signpost triage</c>. Output: <c>{"id":…,"labels":[…],"priority":…,"outOfHours":…}</c>,
/// and with <c>--explain</c> also <c>"reasons":[{"label","start","length","evidence","rule"}]</c>.
/// A message without <c>receivedAt</c> is taken as received now.
/// </summary>
internal sealed class TriageLineVerb(TriageEngine engine, bool explain, TimeProvider time) : IJsonLineVerb
{
    private static readonly NameTable<InboundMessageKind> s_kinds = new(
        ("comment", InboundMessageKind.Comment), ("message", InboundMessageKind.Message), ("mention", InboundMessageKind.Mention),
        ("reply", InboundMessageKind.Reply), ("review", InboundMessageKind.Review), ("other", InboundMessageKind.Other));

    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_labels = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText s_priority = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText s_outOfHours = JsonEncodedText.Encode("outOfHours");
    private static readonly JsonEncodedText s_reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText s_label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText s_start = JsonEncodedText.Encode("start");
    private static readonly JsonEncodedText s_length = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText s_evidence = JsonEncodedText.Encode("evidence");
    private static readonly JsonEncodedText s_rule = JsonEncodedText.Encode("rule");
    private static readonly JsonEncodedText[] s_labelNames = [.. TriageLabels.All.Select(l => JsonEncodedText.Encode(l.ToCode()))];
    private static readonly JsonEncodedText[] s_priorities =
    [
        JsonEncodedText.Encode("urgent"), JsonEncodedText.Encode("high"), JsonEncodedText.Encode("normal"), JsonEncodedText.Encode("low"),
    ];

    public void Process(ReadOnlySpan<byte> line, Utf8JsonWriter writer)
    {
        var (id, message) = Parse(line, time);
        var result = engine.Triage(message);

        writer.WriteStartObject();
        JsonLineFields.WriteId(writer, s_id, id);
        writer.WriteStartArray(s_labels);
        foreach (var label in result.Labels)
        {
            writer.WriteStringValue(s_labelNames[(int)label]);
        }

        writer.WriteEndArray();
        writer.WriteString(s_priority, s_priorities[(int)result.Priority]);
        writer.WriteBoolean(s_outOfHours, result.OutOfHours);
        if (explain)
        {
            writer.WriteStartArray(s_reasons);
            foreach (var reason in result.Reasons)
            {
                writer.WriteStartObject();
                writer.WriteString(s_label, s_labelNames[(int)reason.Label]);
                if (reason.Start is { } start && reason.Length is { } length)
                {
                    writer.WriteNumber(s_start, start);
                    writer.WriteNumber(s_length, length);
                }
                else
                {
                    writer.WriteNull(s_start);
                    writer.WriteNull(s_length);
                }

                writer.WriteString(s_evidence, reason.Evidence);
                writer.WriteString(s_rule, reason.Rule);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    internal static (JsonLineId Id, InboundMessage Message) Parse(ReadOnlySpan<byte> line, TimeProvider time)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        JsonLineFields.ExpectObject(ref reader, "a message");

        JsonLineId id = default;
        string? text = null;
        Platform? platform = null;
        var kind = InboundMessageKind.Comment;
        DateTimeOffset? receivedAt = null;

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
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = reader.TokenType == JsonTokenType.Null ? InboundMessageKind.Comment : JsonLineFields.ReadName(ref reader, "kind", s_kinds);
            }
            else if (reader.ValueTextEquals("receivedAt"u8))
            {
                reader.Read();
                receivedAt = JsonLineFields.ReadInstant(ref reader, "receivedAt");
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
            throw new JsonLineException("a message needs \"text\"");
        }

        var message = new InboundMessage
        {
            Id = id.Value,
            Platform = platform,
            Kind = kind,
            Text = text,
            ReceivedAt = receivedAt ?? time.GetUtcNow(),
        };
        return (id, message);
    }
}
