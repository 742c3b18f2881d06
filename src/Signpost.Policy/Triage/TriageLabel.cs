using System.Text.Json.Serialization;

namespace Signpost.Policy.Triage;

/// <summary>
/// The triage labels of RULES.md ("Triage labels (inbound messages)"). The JSON names are a public
/// contract: the CLI, the API, the UI and reports use them. The declaration order is the order
/// labels are listed in within one priority.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriageLabel>))]
public enum TriageLabel
{
    [JsonStringEnumMemberName("immediate_danger")] ImmediateDanger,
    [JsonStringEnumMemberName("safeguarding")] Safeguarding,
    [JsonStringEnumMemberName("patient_safety")] PatientSafety,
    [JsonStringEnumMemberName("medical_question")] MedicalQuestion,
    [JsonStringEnumMemberName("complaint")] Complaint,
    [JsonStringEnumMemberName("abuse")] Abuse,
    [JsonStringEnumMemberName("discrimination")] Discrimination,
    [JsonStringEnumMemberName("misinformation")] Misinformation,
    [JsonStringEnumMemberName("spam")] Spam,
    [JsonStringEnumMemberName("legal")] Legal,
    [JsonStringEnumMemberName("media")] Media,
    [JsonStringEnumMemberName("foi")] Foi,
    [JsonStringEnumMemberName("personal_data")] PersonalData,
    [JsonStringEnumMemberName("criticism")] Criticism,
    [JsonStringEnumMemberName("praise")] Praise,
    [JsonStringEnumMemberName("enquiry")] Enquiry,
}

/// <summary>How soon a message needs a person (RULES.md): it follows from its labels.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriagePriority>))]
public enum TriagePriority
{
    [JsonStringEnumMemberName("urgent")] Urgent,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("low")] Low,
}

public static class TriageLabels
{
    /// <summary>Every label, in declaration order.</summary>
    public static IReadOnlyList<TriageLabel> All { get; } = Enum.GetValues<TriageLabel>();

    /// <summary>The snake_case name RULES.md uses (the JSON name).</summary>
    public static string ToCode(this TriageLabel label) => label switch
    {
        TriageLabel.ImmediateDanger => "immediate_danger",
        TriageLabel.Safeguarding => "safeguarding",
        TriageLabel.PatientSafety => "patient_safety",
        TriageLabel.MedicalQuestion => "medical_question",
        TriageLabel.Complaint => "complaint",
        TriageLabel.Abuse => "abuse",
        TriageLabel.Discrimination => "discrimination",
        TriageLabel.Misinformation => "misinformation",
        TriageLabel.Spam => "spam",
        TriageLabel.Legal => "legal",
        TriageLabel.Media => "media",
        TriageLabel.Foi => "foi",
        TriageLabel.PersonalData => "personal_data",
        TriageLabel.Criticism => "criticism",
        TriageLabel.Praise => "praise",
        TriageLabel.Enquiry => "enquiry",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
    };

    public static bool TryParse(string code, out TriageLabel label)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.Ordinal))
            {
                label = candidate;
                return true;
            }
        }

        label = default;
        return false;
    }

    /// <summary>RULES.md: urgent (immediate_danger, safeguarding, patient_safety), high (complaint, abuse, discrimination, legal, media, personal_data, medical_question), normal (enquiry, criticism, foi, misinformation), low (praise, spam).</summary>
    public static TriagePriority PriorityOf(this TriageLabel label) => label switch
    {
        TriageLabel.ImmediateDanger or TriageLabel.Safeguarding or TriageLabel.PatientSafety => TriagePriority.Urgent,
        TriageLabel.Complaint or TriageLabel.Abuse or TriageLabel.Discrimination or TriageLabel.Legal
            or TriageLabel.Media or TriageLabel.PersonalData or TriageLabel.MedicalQuestion => TriagePriority.High,
        TriageLabel.Enquiry or TriageLabel.Criticism or TriageLabel.Foi or TriageLabel.Misinformation => TriagePriority.Normal,
        TriageLabel.Praise or TriageLabel.Spam => TriagePriority.Low,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
    };

    /// <summary>The highest priority among the labels; <see cref="TriagePriority.Low"/> for a message with no label (it waits for the next working day, 004 §6.4.3).</summary>
    public static TriagePriority PriorityOf(IEnumerable<TriageLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var best = TriagePriority.Low;
        foreach (var label in labels)
        {
            var p = label.PriorityOf();
            if (p < best)
            {
                best = p;
            }
        }

        return best;
    }
}
