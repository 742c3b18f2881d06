using Signpost.Policy.Rules.Accessibility;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules;

/// <summary>Where each family of post rules is registered with the engine.</summary>
internal static partial class PostRuleCatalogue
{
    /// <summary>The A11Y-* rules (001 §7.1, 004 §6.2.3 and Appendix B).</summary>
    public static void AddAccessibilityRules(List<IPostRule> rules, OrganisationSettings settings)
    {
        rules.Add(new HashtagCaseRule(settings));
        rules.Add(new TagsInlineRule());
        rules.Add(new AltTextMissingRule());
        rules.Add(new CaptionsMissingRule());
        rules.Add(new VagueLinkRule());
        rules.Add(new CapsRule(settings));
        rules.Add(new JargonRule(settings));
        rules.Add(new FancyTextRule());
        rules.Add(new EmojiRule(settings));
        rules.Add(new LongLinesRule(settings));
        rules.Add(new ReadabilityRule(settings));
        rules.Add(new InclusiveLanguageRule());
        rules.Add(new ColourOnlyRule());
        rules.Add(new HashtagCountRule(settings));
    }
}
