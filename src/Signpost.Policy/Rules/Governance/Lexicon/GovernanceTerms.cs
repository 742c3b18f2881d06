namespace Signpost.Policy.Rules.Governance.Lexicon;

/// <summary>Which governance word lists a word or phrase belongs to; one phrase may be in several.</summary>
[Flags]
internal enum GovernanceTerms : uint
{
    None = 0,

    /// <summary>CONDUCT-PROFANITY (000 §3.1d, 004 §6.7.9 "Do not swear").</summary>
    Profanity = 1 << 0,

    /// <summary>CONDUCT-ABUSIVE (003 §3.2.1, 004 §6.7.6).</summary>
    Abusive = 1 << 1,

    /// <summary>POL-PARTY: party names and candidate wording (000 §3.3a).</summary>
    Party = 1 << 2,

    /// <summary>POL-PARTY: comment on government decisions (000 §3.3a).</summary>
    GovernmentComment = 1 << 3,

    /// <summary>POL-PRE-ELECTION: announcing or promoting new initiatives (000 §3.3b).</summary>
    Promotion = 1 << 4,

    /// <summary>POL-ANNOUNCEMENT: big announcements (004 §6.7.9).</summary>
    Announcement = 1 << 5,

    /// <summary>CONDUCT-LEGAL: legal matters, complaints, proceedings (004 §6.7.9).</summary>
    Legal = 1 << 6,

    /// <summary>IG-PATIENT-DETAIL: a care detail that is enough on its own next to a name.</summary>
    CareDetail = 1 << 7,

    /// <summary>IG-PATIENT-DETAIL: a care detail that needs a second one ("Ward 7").</summary>
    CareDetailWeak = 1 << 8,

    /// <summary>IG-PATIENT-DETAIL: a job role, so the named person is probably staff.</summary>
    StaffRole = 1 << 9,

    /// <summary>IG-CONFIDENTIAL-MARKER: organisation-specific markers from settings.ExtraWords.</summary>
    ConfidentialMarker = 1 << 10,
}
