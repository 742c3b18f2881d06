using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Links;

/// <summary>
/// LINK-INCIDENT-PAGE: while settings.Incident is active, a link other than the incident's
/// landing page. 000 §4.2 and §4.4: "there will be a single landing page for all information
/// relating to the incident… all staff, including senior staff, should only link to that page";
/// 004 §6.7.9. Links are compared without scheme, "www.", case of the host, a trailing slash,
/// query or fragment, so "https://riverside.icb.nhs.uk/incident/?utm_source=x" is the page.
/// </summary>
internal sealed class IncidentPageRule : IPostRule
{
    private readonly GovernanceLexicon _lexicon;
    private readonly IncidentSettings? _incident;
    private readonly string _landingKey;

    public IncidentPageRule(OrganisationSettings settings, GovernanceLexicon lexicon)
    {
        _lexicon = lexicon;
        _incident = settings.Incident is { LandingUrl.Length: > 0 } incident ? incident : null;
        _landingKey = _incident is null ? "" : PageKey(_incident.LandingUrl);
    }

    public string Code => "LINK-INCIDENT-PAGE";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (_incident is null)
        {
            return;
        }

        var scan = GovernanceScan.For(context, _lexicon);
        foreach (var link in scan.Links)
        {
            if (string.Equals(PageKey(context.Text.AsSpan(link.Start, link.Length)), _landingKey, StringComparison.Ordinal))
            {
                continue;
            }

            findings.Add(new Finding(
                Code,
                Severity.Error,
                link.Start,
                link.Length,
                $"During the incident \"{_incident.Name}\", link only to the single incident landing page (000 §4.2, §4.4).",
                _incident.LandingUrl));
        }
    }

    /// <summary>"host/path" in lower case, without scheme, "www.", trailing slash, query or fragment.</summary>
    internal static string PageKey(ReadOnlySpan<char> url)
    {
        url = url.Trim();
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            url = url[(scheme + 3)..];
        }

        if (url.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            url = url[4..];
        }

        var cut = url.IndexOfAny('?', '#');
        if (cut >= 0)
        {
            url = url[..cut];
        }

        url = url.TrimEnd('/');
        return url.ToString().ToLowerInvariant();
    }
}
