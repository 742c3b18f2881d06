using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Signpost.Core.Features.Organisations;
using Signpost.Policy;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.PolicySettings;

/// <summary>
/// One organisation's settings with the engines built from them. Each engine is built on first
/// use: a page that only checks posts never pays for the triage lexicon, and the reverse.
/// </summary>
public sealed class OrganisationEngines
{
    private readonly Lazy<PolicyEngine> _policy;
    private readonly Lazy<TriageEngine> _triage;

    internal OrganisationEngines(string key, OrganisationSettings settings, TimeProvider time)
    {
        Key = key;
        Settings = settings;
        _policy = new Lazy<PolicyEngine>(() => new PolicyEngine(settings, time), LazyThreadSafetyMode.ExecutionAndPublication);
        _triage = new Lazy<TriageEngine>(() => new TriageEngine(settings), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The hash of what the settings were read from; a different hash means new engines.</summary>
    public string Key { get; }

    public OrganisationSettings Settings { get; }

    public PolicyEngine Policy => _policy.Value;

    public TriageEngine Triage => _triage.Value;
}

/// <summary>
/// Keeps one <see cref="PolicyEngine"/> and one <see cref="TriageEngine"/> per organisation, so that
/// each check or triage call reuses them: building an engine prepares word lists and sets, which
/// costs far more than checking a post. Entries are keyed by the organisation and a hash of its
/// stored settings, so a change saved on any node is picked up by every node on its next request,
/// with nothing to invalidate; the old engines are dropped when the new ones replace them.
/// </summary>
public sealed class PolicyEngineCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, OrganisationEngines> _engines = new();

    /// <summary>The engines for the organisation's current settings (read from the entity given).</summary>
    public OrganisationEngines For(Organisation organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var key = KeyOf(organisation);
        if (_engines.TryGetValue(organisation.Id, out var cached) && cached.Key == key)
        {
            return cached;
        }

        // Two requests may both build an entry after a change; one wins, and each entry's engines
        // are built at most once.
        var fresh = new OrganisationEngines(key, PolicySettingsService.ReadSettings(organisation), time);
        _engines[organisation.Id] = fresh;
        return fresh;
    }

    /// <summary>The settings JSON and the names filled in from the organisation record, hashed.</summary>
    internal static string KeyOf(Organisation organisation)
    {
        var text = string.Join('\n', [organisation.SettingsJson, organisation.Name, .. organisation.ShortNames]);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
