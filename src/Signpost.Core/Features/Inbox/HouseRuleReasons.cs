using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>A house rule a moderation action rests on.</summary>
/// <param name="Code">Stable code, used by the API and stored with each action.</param>
/// <param name="Text">The rule as the public house rules put it.</param>
/// <param name="Strike">Breaking it counts a strike against the author (000 §3.4: users who frequently post abusive, offensive, defamatory or discriminatory material are blocked).</param>
/// <param name="SuitsLabels">Triage labels the reason usually goes with, offered first.</param>
public sealed record HouseRuleReason(string Code, string Text, bool Strike, IReadOnlyList<TriageLabel> SuitsLabels);

/// <summary>
/// The reasons for moderating, from the house rules "What we will remove" (004 Appendix B;
/// <see cref="Organisations.DefaultHouseRules"/>) and 000 §3.4. Criticism is not among them:
/// nothing is removed for being critical (003 §3.2.6).
/// </summary>
public static class HouseRuleReasons
{
    public static IReadOnlyList<HouseRuleReason> All { get; } =
    [
        new("abusive", "Abusive, threatening, harassing or obscene", true, [TriageLabel.Abuse]),
        new("discriminatory", "Discriminatory about a protected characteristic (age, disability, gender identity, race, religion or belief, sex or sexual orientation)", true, [TriageLabel.Discrimination]),
        new("offensive-language", "Swearing or offensive language", true, [TriageLabel.Abuse]),
        new("personal-information", "Shares someone's personal or confidential information", false, [TriageLabel.PersonalData]),
        new("spam", "Advertises or sells products or services, or is spam", false, [TriageLabel.Spam]),
        new("off-topic", "Off topic, repeated or meant to disrupt", false, [TriageLabel.Spam]),
        new("unlawful", "Breaks the law or could affect legal proceedings", true, [TriageLabel.Legal]),
        new("misinformation", "Spreads false health information that could cause harm (000 §3.4)", false, [TriageLabel.Misinformation]),
        new("impersonation", "Uses our name, brand or imagery without permission (004 Appendix B)", true, []),
        new("safeguarding", "Puts someone at risk of harm (000 §6.1)", false, [TriageLabel.Safeguarding, TriageLabel.ImmediateDanger]),
    ];

    public static HouseRuleReason? Find(string? code) =>
        code is null ? null : All.FirstOrDefault(r => string.Equals(r.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}
