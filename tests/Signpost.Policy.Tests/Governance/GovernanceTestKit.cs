using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Governance;

/// <summary>Builders shared by the governance rule tests.</summary>
internal static class GovernanceTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<PolicyEngine> DemoEngine = new(() => new PolicyEngine(OrganisationSettings.DemoIcb, new FixedTime(Now)));

    /// <summary>The findings of one code for a post checked with the demo ICB's settings (or the given ones).</summary>
    public static List<Finding> Findings(string code, Post post, OrganisationSettings? settings = null)
    {
        var engine = settings is null ? DemoEngine.Value : new PolicyEngine(settings, new FixedTime(Now));
        return [.. engine.Check(post).Where(f => f.Code == code)];
    }

    public static List<Finding> Findings(string code, string text, Platform? platform = null, AccountKind account = AccountKind.Corporate, OrganisationSettings? settings = null) =>
        Findings(code, new Post { Text = text, Platform = platform, Account = account }, settings);

    /// <summary>The text a finding points at.</summary>
    public static string Spanned(string text, Finding finding) => text.Substring(finding.Start!.Value, finding.Length!.Value);

    public static MediaItem Image(ConsentState? consent = null) => new() { Kind = MediaKind.Image, Alt = "A nurse at the clinic", Consent = consent };

    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
