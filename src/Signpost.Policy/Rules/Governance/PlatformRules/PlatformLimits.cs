using Signpost.Policy.Platforms;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.PlatformRules;

/// <summary>The limits of every platform for one organisation's settings, worked out once.</summary>
internal sealed class PlatformLimits
{
    private readonly PlatformLimit[] _limits;

    public PlatformLimits(OrganisationSettings settings)
    {
        var platforms = Enum.GetValues<Platform>();
        _limits = new PlatformLimit[platforms.Length];
        foreach (var platform in platforms)
        {
            _limits[(int)platform] = PlatformLimit.For(platform, settings);
        }
    }

    public PlatformLimit this[Platform platform] => _limits[(int)platform];
}
