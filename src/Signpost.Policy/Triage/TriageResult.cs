using System.Text.Json.Serialization;

namespace Signpost.Policy.Triage;

/// <summary>
/// Why a label was given: the words or pattern that led to it, with the span in UTF-16 code units
/// of the message text (null for a reason about the whole message). A moderation decision by a
/// public body has to be explainable, so every label carries at least one reason.
/// </summary>
public sealed record TriageReason(
    TriageLabel Label,
    int? Start,
    int? Length,
    string Evidence,
    string Rule);

/// <summary>The outcome of triage for one message.</summary>
public sealed record TriageResult
{
    /// <summary>The labels, most urgent first (priority, then the order of RULES.md).</summary>
    public required IReadOnlyList<TriageLabel> Labels { get; init; }

    public required TriagePriority Priority { get; init; }

    /// <summary>Received outside working hours or on a bank holiday (004 §6.4.3, §6.4.5).</summary>
    public required bool OutOfHours { get; init; }

    /// <summary>
    /// RULES.md: immediate danger pages the duty manager at any hour; 004 §6.4.5: out of hours, a
    /// risk to patient safety (any urgent label) is flagged to the duty communications manager on
    /// call rather than waiting for the next working day.
    /// </summary>
    [JsonIgnore]
    public bool PageDutyManager => Has(TriageLabel.ImmediateDanger) || (OutOfHours && Priority == TriagePriority.Urgent);

    public required IReadOnlyList<TriageReason> Reasons { get; init; }

    public bool Has(TriageLabel label)
    {
        foreach (var l in Labels)
        {
            if (l == label)
            {
                return true;
            }
        }

        return false;
    }
}
