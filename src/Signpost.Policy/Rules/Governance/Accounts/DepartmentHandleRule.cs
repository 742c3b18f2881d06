using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Accounts;

/// <summary>
/// ACCOUNT-DEPARTMENT-HANDLE: a departmental account's handle that does not name the
/// organisation. 004 §6.7.9: "If you've received authorisation to set up and run a departmental
/// account, you should include our ICB or ICS name in your handle."
/// </summary>
internal sealed class DepartmentHandleRule(OrganisationSettings settings) : IPostRule
{
    private readonly string[] _variants = OrganisationNameVariants.For(settings);

    public string Code => "ACCOUNT-DEPARTMENT-HANDLE";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Account != AccountKind.Departmental || string.IsNullOrWhiteSpace(context.Post.Handle) || _variants.Length == 0)
        {
            return;
        }

        var handle = OrganisationNameVariants.Normalise(context.Post.Handle);
        foreach (var variant in _variants)
        {
            if (handle.Contains(variant, StringComparison.Ordinal))
            {
                return;
            }
        }

        findings.Add(new Finding(
            Code,
            Severity.Warning,
            null,
            null,
            "This departmental account's handle does not name the organisation. Include the ICB or ICS name in a departmental handle so that readers know who is speaking (004 §6.7.9)."));
    }
}
