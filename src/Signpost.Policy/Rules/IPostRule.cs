using Signpost.Policy.Rules.Governance;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules;

/// <summary>
/// One named policy rule. A rule is built once per organisation's settings (so that it can
/// prepare its word lists and sets), then called for every post on the hot path: it must not
/// do I/O and should not allocate more than its findings.
/// </summary>
public interface IPostRule
{
    /// <summary>The public code (RULES.md); never changes meaning.</summary>
    string Code { get; }

    void Check(PostContext context, List<Finding> findings);
}

/// <summary>
/// The post being checked, with what every rule needs computed once: the analyses below are made
/// on first use and kept for the other rules that check the same post, so a post is tokenised
/// once however many rules read it. A context is for one post and one thread at a time.
/// </summary>
public sealed class PostContext
{
    private PostText? _analysis;
    public PostContext(Post post, OrganisationSettings settings, DateTimeOffset now)
    {
        Post = post;
        Settings = settings;
        Now = now;
    }

    public Post Post { get; }
    public string Text => Post.Text;
    public OrganisationSettings Settings { get; }

    /// <summary>The time the post goes out: its ScheduledFor, or now.</summary>
    public DateTimeOffset When => Post.ScheduledFor ?? Now;

    public DateTimeOffset Now { get; }

    /// <summary>The post's text cut into words, hashtags, mentions, links and email addresses.</summary>
    public PostText Analysis => _analysis ??= PostText.Analyse(Post.Text);

    /// <summary>The governance rules' scan of this post (see <see cref="GovernanceScan.For"/>), once it has run.</summary>
    internal GovernanceScan? GovernanceScan { get; set; }
}
