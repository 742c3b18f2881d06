using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Impartiality;

/// <summary>
/// POL-ANNOUNCEMENT: a big announcement (launch, new service, award) from a departmental account.
/// 004 §6.7.9 "Don't make big announcements… let the communications team know first"; sharing
/// too soon can also clash with the pre-election period. One finding per post, on the first word.
/// </summary>
internal sealed class AnnouncementRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "POL-ANNOUNCEMENT";

    protected override GovernanceTerms Terms => GovernanceTerms.Announcement;

    protected override Severity Severity => Severity.Warning;

    protected override bool OncePerPost => true;

    protected override bool AppliesTo(PostContext context) => context.Post.Account == AccountKind.Departmental;

    protected override string Message(ReadOnlySpan<char> matched) =>
        $"\"{matched}\" sounds like a big announcement from a departmental account. Let the communications team know first so that it goes out through the corporate channels (004 §6.7.9).";
}
