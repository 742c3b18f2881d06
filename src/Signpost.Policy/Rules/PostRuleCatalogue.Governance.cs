using Signpost.Policy.Rules.Governance.Accounts;
using Signpost.Policy.Rules.Governance.Conduct;
using Signpost.Policy.Rules.Governance.Impartiality;
using Signpost.Policy.Rules.Governance.InformationGovernance;
using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Rules.Governance.Links;
using Signpost.Policy.Rules.Governance.PlatformRules;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules;

internal static partial class PostRuleCatalogue
{
    /// <summary>The IG-*, POL-*, CONDUCT-*, LINK-*, PLATFORM-* and ACCOUNT-* rules.</summary>
    public static void AddGovernanceRules(List<IPostRule> rules, OrganisationSettings settings)
    {
        // One lexicon and one set of platform limits per settings, shared by the rules that read them.
        var lexicon = GovernanceLexicon.Create(settings);
        var platformLimits = new PlatformLimits(settings);

        // Confidentiality and information governance (000 §3.1f, 003 §3.2, §3.5, 004 §6.7.6).
        rules.Add(new NhsNumberRule());
        rules.Add(new PhoneNumberRule(settings));
        rules.Add(new EmailAddressRule(settings, lexicon));
        rules.Add(new PostcodeRule(settings));
        rules.Add(new DateOfBirthRule());
        rules.Add(new NationalInsuranceNumberRule());
        rules.Add(new PatientDetailRule(settings, lexicon));
        rules.Add(new ConfidentialMarkerRule(lexicon));
        rules.Add(new ConsentRule());

        // Impartiality and timing (000 §3.3a–b, 004 §6.7.9).
        rules.Add(new PoliticalPartyRule(lexicon));
        rules.Add(new PreElectionRule(settings, lexicon));
        rules.Add(new AnnouncementRule(lexicon));

        // Conduct and content (000 §3.1d, 003 §3.2.1, §3.2.4, 004 §6.5, §6.7.9).
        rules.Add(new ProfanityRule(lexicon));
        rules.Add(new AbusiveLanguageRule(lexicon));
        rules.Add(new MedicalAdviceRule());
        rules.Add(new LegalMattersRule(lexicon));

        // Links (003 §3.2.1, 000 §4.2, §4.4).
        rules.Add(new LinkShortenerRule(settings, lexicon));
        rules.Add(new InsecureLinkRule(lexicon));
        rules.Add(new IncidentPageRule(settings, lexicon));

        // Platform limits.
        rules.Add(new PlatformLengthRule(platformLimits, lexicon));
        rules.Add(new PlatformMediaRule(platformLimits));
        rules.Add(new PlatformLinkRule(platformLimits, lexicon));

        // Accounts and profiles (003 §3.2.1, §3.2.7, 004 §6.7.9).
        rules.Add(new PersonalHandleRule(settings));
        rules.Add(new DepartmentHandleRule(settings));
        rules.Add(new DisclaimerRule());
    }
}
