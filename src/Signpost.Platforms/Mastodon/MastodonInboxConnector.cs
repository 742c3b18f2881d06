using System.Net;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Mastodon;

/// <summary>
/// Answers and moderation on Mastodon. A reply is a status in the thread that mentions the person
/// first; an answer to a private message stays private (visibility "direct"). An account can block
/// and unblock others and report them to its instance's moderators, but it cannot hide or delete
/// someone else's status, not even a reply to its own (Using Mastodon, "Dealing with unwanted
/// content"): those actions are not supported and Signpost records them as such.
/// </summary>
internal sealed class MastodonInboxConnector(MastodonInboxCalls calls) : IInboxConnector
{
    /// <summary>Reports API, "File a report": comment is at most 1,000 characters by default.</summary>
    private const int MaxReportComment = 1000;

    public Network Network => Network.Mastodon;

    public bool Supports(ModerationAction action, InboundKind kind) =>
        action is ModerationAction.Block or ModerationAction.Unblock or ModerationAction.Report;

    /// <summary>
    /// Statuses API, "Post a new status": <c>in_reply_to_id</c> the message, the author's handle at
    /// the start (Mastodon delivers a reply only to the accounts it mentions), and the visibility of
    /// the status answered: a direct message is answered directly, an unlisted or followers-only
    /// status in kind, a public one publicly. The Idempotency-Key makes a repeat within the hour a no-op.
    /// </summary>
    public async Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = calls.Instance(request.Call);
        var token = MastodonInboxCalls.Token(request.Call);
        var target = request.Target;

        var handle = target.AuthorHandle?.Trim().TrimStart('@');
        var visibility = target.Kind == InboundKind.Message ? "direct" : null;
        if (visibility is null || string.IsNullOrEmpty(handle))
        {
            var answered = await StatusAsync(instance, token, target.PlatformId, ct);
            visibility ??= answered.Visibility is "unlisted" or "private" or "direct" ? answered.Visibility : "public";
            if (string.IsNullOrEmpty(handle) && answered.Account is { } account)
            {
                handle = MastodonInboxText.FullHandle(account, instance);
            }
        }

        var text = request.Text.Trim();
        if (!string.IsNullOrEmpty(handle) && !text.StartsWith("@" + handle, StringComparison.OrdinalIgnoreCase))
        {
            text = $"@{handle} {text}";
        }

        using var post = MastodonInboxCalls.Authorized(HttpMethod.Post, new Uri(instance, "api/v1/statuses"), token);
        post.Content = new FormUrlEncodedContent(
        [
            new("status", text),
            new("in_reply_to_id", target.PlatformId),
            new("visibility", visibility),
        ]);
        post.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        using var response = await calls.SendAsync(post, mayHaveTakenEffect: true, ct);
        var status = await MastodonApi.ReadAsync<MastodonInboxStatus>(response, ct);
        return new PublishResult(status.Id, Uri.TryCreate(status.Url ?? status.Uri, UriKind.Absolute, out var url) ? url : null);
    }

    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action, request.Target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                "Mastodon does not let an account hide or delete other people's posts. Block the account or report it to its server instead.");
        }

        var instance = calls.Instance(request.Call);
        var token = MastodonInboxCalls.Token(request.Call);
        var accountId = Uri.EscapeDataString(request.Target.AuthorPlatformId);
        return request.Action switch
        {
            ModerationAction.Block => await RelationshipAsync(instance, token, $"api/v1/accounts/{accountId}/block", goneIsDone: false, ct),
            ModerationAction.Unblock => await RelationshipAsync(instance, token, $"api/v1/accounts/{accountId}/unblock", goneIsDone: true, ct),
            _ => await ReportAsync(instance, token, request, ct),
        };
    }

    /// <summary>Accounts API, "Block account" / "Unblock account" (scope write:blocks): both answer the Relationship and repeat harmlessly.</summary>
    private async Task<ModerationResult> RelationshipAsync(Uri instance, string token, string path, bool goneIsDone, CancellationToken ct)
    {
        using var request = MastodonInboxCalls.Authorized(HttpMethod.Post, new Uri(instance, path), token);
        using var response = await calls.SendRawAsync(request, mayHaveTakenEffect: false, ct);
        if (goneIsDone && response.StatusCode == HttpStatusCode.NotFound)
        {
            // An account that no longer exists is not blocked by anyone.
            return new ModerationResult(null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await MastodonApi.ErrorAsync(response, calls.Time.GetUtcNow(), ct);
        }

        return new ModerationResult(null);
    }

    /// <summary>
    /// Reports API, "File a report" (scope write:reports): the account, the status, the house-rules
    /// reason as the comment, forwarded to the author's own server when it is another one (so that its
    /// moderators see it too), and category "spam" for spam, "other" otherwise ("violation" needs the
    /// instance's own rule ids, which are not the organisation's house rules).
    /// </summary>
    private async Task<ModerationResult> ReportAsync(Uri instance, string token, ModerationRequest moderation, CancellationToken ct)
    {
        var reason = moderation.Reason.Trim();
        var comment = reason.Length > MaxReportComment ? reason[..MaxReportComment] : reason;
        var category = reason.Contains("spam", StringComparison.OrdinalIgnoreCase)
            || reason.StartsWith("off-topic", StringComparison.OrdinalIgnoreCase)
            || reason.StartsWith("off topic", StringComparison.OrdinalIgnoreCase)
            ? "spam"
            : "other";

        using var request = MastodonInboxCalls.Authorized(HttpMethod.Post, new Uri(instance, "api/v1/reports"), token);
        request.Content = new FormUrlEncodedContent(
        [
            new("account_id", moderation.Target.AuthorPlatformId),
            new("status_ids[]", moderation.Target.PlatformId),
            new("comment", comment),
            new("forward", "true"),
            new("category", category),
        ]);
        using var response = await calls.SendAsync(request, mayHaveTakenEffect: true, ct);
        var report = await MastodonApi.ReadAsync<MastodonReport>(response, ct);
        return new ModerationResult(report.Id);
    }

    /// <summary>Statuses API, "View a single status"; a 404 means the message is gone, so there is nothing to answer.</summary>
    private async Task<MastodonInboxStatus> StatusAsync(Uri instance, string token, string statusId, CancellationToken ct)
    {
        using var request = MastodonInboxCalls.Authorized(HttpMethod.Get, new Uri(instance, $"api/v1/statuses/{Uri.EscapeDataString(statusId)}"), token);
        using var response = await calls.SendRawAsync(request, mayHaveTakenEffect: false, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "The Mastodon post being answered has been deleted, or is no longer visible to the channel's account.", statusCode: 404);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await MastodonApi.ErrorAsync(response, calls.Time.GetUtcNow(), ct);
        }

        return await MastodonApi.ReadAsync<MastodonInboxStatus>(response, ct);
    }
}
