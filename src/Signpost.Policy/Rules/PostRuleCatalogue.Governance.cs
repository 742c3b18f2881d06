using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules;

internal static partial class PostRuleCatalogue
{
    /// <summary>The IG-*, POL-*, CONDUCT-*, LINK-*, PLATFORM-* and ACCOUNT-* rules.</summary>
    public static void AddGovernanceRules(List<IPostRule> rules, OrganisationSettings settings)
    {
    }
}
