using System.Collections.Frozen;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// Acronyms that are not shouting (A11Y-CAPS): the NHS's well-known ones (the NHS A to Z: "we use A&amp;E",
/// GP, NHS, UK) and the organisation's own list and jargon terms.
/// </summary>
internal static class KnownAcronyms
{
    private static readonly string[] BuiltIn =
    [
        "NHS", "GP", "GPs", "A&E", "ICB", "ICBs", "ICS", "UK", "COVID", "COVID-19", "RSV", "MMR", "HPV", "BCG",
        "CQC", "NHSE", "UKHSA", "DHSC", "PCN", "PCNs", "CAMHS", "IAPT", "ICU", "ITU", "UTC", "MIU", "SDEC",
        "LGBT", "LGBTQ", "LGBTQ+", "FAQ", "FAQs", "BSL", "ADHD", "HIV", "AIDS", "STI", "STIs", "TB", "BMI",
        "DNA", "MRI", "CT", "ECG", "PPE", "CPR", "ID", "OK", "TV", "AM", "PM", "BBC", "UTI", "COPD", "IVF",
        "GMC", "NMC", "HCPC", "RCN", "BMA", "ENT", "PTSD", "OCD", "CBT", "HR", "CEO", "IT", "MP", "MPs",
        "EU", "NI", "SEND", "ME", "NICE", "FOI", "Q&A", "BAME", "VIP", "ASAP", "RSVP", "NB", "PS",
        // NHS acronyms that are also English words, so that "Contact PALS" is not taken for shouting.
        "PALS", "DOB", "AGM", "MSK", "SMS", "QR", "WHO",
    ];

    public static FrozenSet<string> For(OrganisationSettings settings)
    {
        var set = new HashSet<string>(BuiltIn, StringComparer.Ordinal);
        foreach (var acronym in settings.Acronyms)
        {
            set.Add(acronym);
        }

        foreach (var term in settings.Jargon.Keys)
        {
            set.Add(term);
        }

        foreach (var name in settings.Organisation.ShortNames)
        {
            foreach (var part in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                set.Add(part);
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
