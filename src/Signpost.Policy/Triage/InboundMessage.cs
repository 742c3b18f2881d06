using System.Text.Json.Serialization;

namespace Signpost.Policy.Triage;

/// <summary>Where a message reached the organisation (004 §6.3: direct messages, comments on our posts, posts that tag us).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundMessageKind>))]
public enum InboundMessageKind
{
    [JsonStringEnumMemberName("comment")] Comment,
    [JsonStringEnumMemberName("message")] Message,
    [JsonStringEnumMemberName("mention")] Mention,
    [JsonStringEnumMemberName("reply")] Reply,
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>A comment, direct message, mention or reply to be triaged (RULES.md, <c>signpost triage</c>).</summary>
public sealed record InboundMessage
{
    public string? Id { get; init; }

    /// <summary>Null when not known.</summary>
    public Platform? Platform { get; init; }

    public InboundMessageKind Kind { get; init; } = InboundMessageKind.Comment;

    public string Text { get; init; } = "";

    public DateTimeOffset ReceivedAt { get; init; }
}
