using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Impartiality;

/// <summary>
/// POL-PRE-ELECTION: during a configured pre-election period (settings.PreElectionPeriods, both
/// days included, the post's date taken in Europe/London), a post that announces or promotes a
/// new initiative: launch, new service, announce, opening, pledge, funding… 000 §3.3b; NHS
/// England pre-election guidance: "no new decisions or announcements of policy or strategy";
/// LGA: no significant campaigns. Operational information ("opening hours"), health warnings
/// and routine public-health messages have no such words and stay quiet. One finding per post.
/// </summary>
internal sealed class PreElectionRule : LexiconRule
{
    private static readonly TimeZoneInfo London = FindLondon();

    private readonly IReadOnlyList<PreElectionPeriod> _periods;

    public PreElectionRule(OrganisationSettings settings, GovernanceLexicon lexicon)
        : base(lexicon) => _periods = settings.PreElectionPeriods;

    public override string Code => "POL-PRE-ELECTION";

    protected override GovernanceTerms Terms => GovernanceTerms.Promotion;

    protected override Severity Severity => Severity.Error;

    protected override bool OncePerPost => true;

    protected override bool AppliesTo(PostContext context) => PeriodOn(context.When) is not null;

    protected override string Message(ReadOnlySpan<char> matched) =>
        $"\"{matched}\" announces or promotes a new initiative during a pre-election period. Hold announcements until after the election unless they are essential for patient safety (000 §3.3b; NHS England pre-election guidance).";

    /// <summary>The pre-election period that includes the London calendar day of <paramref name="when"/>, if any.</summary>
    internal PreElectionPeriod? PeriodOn(DateTimeOffset when)
    {
        if (_periods.Count == 0)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(when, London).DateTime);
        foreach (var period in _periods)
        {
            if (period.Includes(day))
            {
                return period;
            }
        }

        return null;
    }

    private static TimeZoneInfo FindLondon()
    {
        // IANA id on Linux and macOS; .NET maps it on Windows with ICU. UTC is a safe fallback
        // only because a period is whole days and London is at most one hour ahead.
        return TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out var zone)
            ? zone
            : TimeZoneInfo.TryFindSystemTimeZoneById("GMT Standard Time", out zone) ? zone : TimeZoneInfo.Utc;
    }
}
