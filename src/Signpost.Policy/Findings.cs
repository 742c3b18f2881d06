using System.Text.Json.Serialization;

namespace Signpost.Policy;

/// <summary>How much a finding matters (RULES.md): an error blocks scheduling unless an approver overrides it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("info")] Info,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>
/// One thing a rule found in a post. <see cref="Start"/> and <see cref="Length"/> are in UTF-16 code
/// units of the post text; both are null for a whole-post finding. The code is a public contract.
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    int? Start,
    int? Length,
    string Message,
    string? Suggestion = null);
