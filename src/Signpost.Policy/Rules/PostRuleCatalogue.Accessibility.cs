using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules;

/// <summary>Where each family of post rules is registered with the engine.</summary>
internal static partial class PostRuleCatalogue
{
    /// <summary>The A11Y-* rules (001 §7.1, 004 §6.2.3 and Appendix B).</summary>
    public static void AddAccessibilityRules(List<IPostRule> rules, OrganisationSettings settings)
    {
    }
}
