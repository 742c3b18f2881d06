using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Accounts;

/// <summary>
/// ACCOUNT-PERSONAL-HANDLE: a personal account's handle that uses the organisation's name.
/// 004 §6.7.9: "Do not name our ICB or ICS in your personal account handle… @JoeBloggsMSEICS
/// will give the wrong impression that you are acting on behalf of the organisation."
/// </summary>
internal sealed class PersonalHandleRule(OrganisationSettings settings) : IPostRule
{
    private readonly string[] _variants = OrganisationNameVariants.For(settings);

    public string Code => "ACCOUNT-PERSONAL-HANDLE";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Account != AccountKind.Personal || string.IsNullOrWhiteSpace(context.Post.Handle))
        {
            return;
        }

        var handle = OrganisationNameVariants.Normalise(context.Post.Handle);
        foreach (var variant in _variants)
        {
            if (handle.Contains(variant, StringComparison.Ordinal))
            {
                findings.Add(new Finding(
                    Code,
                    Severity.Warning,
                    null,
                    null,
                    "This personal account's handle uses the organisation's name, which gives the impression of speaking for the organisation. Do not name the ICB or ICS in a personal handle (004 §6.7.9).",
                    Suggest(context.Post.Handle, variant)));
                return;
            }
        }
    }

    // The handle without the organisation's name, when the name is written as one run in it.
    private static string? Suggest(string handle, string variant)
    {
        var index = handle.IndexOf(variant, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return null;
        }

        var rest = string.Concat(handle.AsSpan(0, index), handle.AsSpan(index + variant.Length)).TrimEnd('_', '-', '.');
        return OrganisationNameVariants.Normalise(rest).Length >= 3 ? rest : null;
    }
}
