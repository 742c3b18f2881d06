using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>Words for the triage labels in alerts, pages and text messages.</summary>
public static class EscalationText
{
    public static string LabelName(TriageLabel label) => label switch
    {
        TriageLabel.ImmediateDanger => "immediate danger",
        TriageLabel.Safeguarding => "safeguarding",
        TriageLabel.PatientSafety => "patient safety",
        TriageLabel.MedicalQuestion => "medical question",
        TriageLabel.PersonalData => "personal data",
        TriageLabel.Foi => "FOI request",
        _ => label.ToString().ToLowerInvariant(),
    };

    /// <summary>The urgent labels of a message, for example "safeguarding, immediate danger"; "urgent" when none is urgent by itself.</summary>
    public static string UrgentLabels(InboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var urgent = message.Labels.Where(l => l.PriorityOf() == TriagePriority.Urgent).Select(LabelName).ToList();
        return urgent.Count == 0 ? "urgent" : string.Join(", ", urgent);
    }
}
