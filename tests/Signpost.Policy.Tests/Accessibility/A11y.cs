using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Accessibility;

/// <summary>Runs the whole engine with the demo ICB's settings and keeps the A11Y-* findings.</summary>
internal static class A11y
{
    private static readonly PolicyEngine DemoEngine = new(OrganisationSettings.DemoIcb);

    public static List<Finding> Check(string text, Platform? platform = null, IReadOnlyList<MediaItem>? media = null, OrganisationSettings? settings = null)
    {
        var engine = settings is null ? DemoEngine : new PolicyEngine(settings);
        var post = new Post { Text = text, Platform = platform, Media = media ?? [] };
        var result = new List<Finding>();
        foreach (var finding in engine.Check(post))
        {
            if (finding.Code.StartsWith("A11Y-", StringComparison.Ordinal))
            {
                result.Add(finding);
            }
        }

        return result;
    }

    public static List<Finding> Of(this List<Finding> findings, string code) => findings.FindAll(f => f.Code == code);

    public static string SpanText(this Finding finding, string text) => text.Substring(finding.Start!.Value, finding.Length!.Value);
}
