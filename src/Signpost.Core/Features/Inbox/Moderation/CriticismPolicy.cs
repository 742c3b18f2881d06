using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Criticism is never removed for being critical (003 §3.2.6). A message labelled criticism and
/// nothing the house rules remove (no abuse, discrimination, personal data, spam, legal risk,
/// misinformation or safeguarding concern) may be hidden or deleted only by a communications
/// manager, who writes down why.
/// </summary>
public static class CriticismPolicy
{
    /// <summary>Where the rule comes from.</summary>
    public const string Source = "003 §3.2.6";

    /// <summary>The policy's words, quoted exactly (NENC ICB Social Media and Instant Messaging Policy, 3.2.6).</summary>
    public const string Text =
        "Criticism of the ICB including but not limited to derogatory and offensive comments - should never be removed but instead reported to the communications team who will agree on an appropriate response.";

    /// <summary>What Signpost does about it, in plain words, shown with the quotation.</summary>
    public const string Rule =
        "A message that criticises us, and does nothing worse, is not hidden or deleted for being critical. Only a communications manager can hide or delete it, and they must write down why.";

    /// <summary>
    /// The labels that put a message within the house rules' "What we will remove" (every label a
    /// <see cref="HouseRuleReasons"/> reason suits): abuse, discrimination, personal data, spam,
    /// legal, misinformation, safeguarding and immediate danger. A criticism with any of these is
    /// not "criticism and nothing worse".
    /// </summary>
    public static IReadOnlySet<TriageLabel> WorseLabels { get; } =
        HouseRuleReasons.All.SelectMany(r => r.SuitsLabels).ToHashSet();

    /// <summary>True when the message is labelled criticism and nothing the house rules remove.</summary>
    public static bool Protects(InboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Has(TriageLabel.Criticism) && !message.Labels.Any(WorseLabels.Contains);
    }

    /// <summary>The actions the rule restricts: removing the message from public view.</summary>
    public static bool Restricts(ModerationAction action) => action is ModerationAction.Hide or ModerationAction.Delete;
}

/// <summary>
/// The actor may not do this under the organisation's policy (the API answers 403 with
/// <see cref="Policy"/>). Nothing was changed.
/// </summary>
public sealed class ModerationRefusedException : Exception
{
    public ModerationRefusedException(string message, string policy, string policySource)
        : base(message)
    {
        Policy = policy;
        PolicySource = policySource;
    }

    public ModerationRefusedException()
        : this("This action is not allowed.", CriticismPolicy.Text, CriticismPolicy.Source)
    {
    }

    public ModerationRefusedException(string message)
        : this(message, CriticismPolicy.Text, CriticismPolicy.Source)
    {
    }

    public ModerationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Policy = CriticismPolicy.Text;
        PolicySource = CriticismPolicy.Source;
    }

    /// <summary>The policy's words.</summary>
    public string Policy { get; }

    /// <summary>The policy reference, for example "003 §3.2.6".</summary>
    public string PolicySource { get; }
}
