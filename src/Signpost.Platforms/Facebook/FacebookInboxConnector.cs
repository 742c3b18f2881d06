using System.Text.Json;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Facebook;

/// <summary>
/// Answers and moderates what the public sends a Facebook Page, with the Page access token:
/// comment replies (<c>POST /{comment-id}/comments</c>), Messenger answers through the Send API
/// (<c>POST /{page-id}/messages</c>, messaging_type RESPONSE), hiding (<c>POST /{comment-id}</c>
/// is_hidden), deleting (<c>DELETE /{comment-id}</c>), and blocking from the Page
/// (<c>POST</c>/<c>DELETE /{page-id}/blocked</c>). Facebook has no API to report content.
/// Needs the Page permissions pages_manage_engagement, pages_messaging and pages_read_user_content.
/// </summary>
public sealed class FacebookInboxConnector(IHttpClientFactory httpClientFactory, PlatformOptions options) : IInboxConnector
{
    private readonly NetworkOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).For(Network.Facebook);

    public Network Network => Network.Facebook;

    public bool Supports(ModerationAction action, InboundKind kind) => action switch
    {
        // Comment (Graph API reference): is_hidden on a Page's comment; DELETE removes it.
        ModerationAction.Hide or ModerationAction.Unhide or ModerationAction.Delete => kind is InboundKind.Comment or InboundKind.Reply,

        // Page blocked edge: by user id (comment authors) or by PSID (people who sent a message).
        ModerationAction.Block or ModerationAction.Unblock => kind is InboundKind.Comment or InboundKind.Reply or InboundKind.Message,

        _ => false,
    };

    public async Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var graph = Graph();
        var token = PageToken(request.Call);
        if (request.Target.Kind == InboundKind.Message)
        {
            // Send API: a response to a message the person sent within the last 24 hours.
            var recipient = request.Target.ConversationId ?? request.Target.AuthorPlatformId;
            var sent = await graph.PostFormAsync($"{Uri.EscapeDataString(request.Call.Account.AccountId)}/messages", token,
            [
                new("recipient", JsonSerializer.Serialize(new { id = recipient })),
                new("messaging_type", "RESPONSE"),
                new("message", JsonSerializer.Serialize(new { text = request.Text })),
            ], mayHaveTakenEffect: true, ct);
            return new PublishResult(
                GraphApi.String(sent, "message_id") ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "Facebook answered without the message's id."),
                null);
        }

        var created = await graph.PostFormAsync($"{Uri.EscapeDataString(request.Target.PlatformId)}/comments", token,
            [new("message", request.Text)], mayHaveTakenEffect: true, ct);
        return new PublishResult(
            GraphApi.String(created, "id") ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "Facebook answered without the reply's id."),
            null);
    }

    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action, request.Target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"Facebook does not let a Page {Verb(request.Action)} this kind of message through its API.");
        }

        var graph = Graph();
        var token = PageToken(request.Call);
        var comment = Uri.EscapeDataString(request.Target.PlatformId);
        var page = Uri.EscapeDataString(request.Call.Account.AccountId);
        switch (request.Action)
        {
            case ModerationAction.Hide or ModerationAction.Unhide:
                var hidden = request.Action == ModerationAction.Hide ? "true" : "false";
                Succeeded(await graph.PostFormAsync(comment, token, [new("is_hidden", hidden)], mayHaveTakenEffect: false, ct));
                break;

            case ModerationAction.Delete:
                // A comment that is already gone is not an error.
                await graph.DeleteAsync(comment, token, ct);
                break;

            case ModerationAction.Block:
                await graph.PostFormAsync($"{page}/blocked", token, [Person(request.Target)], mayHaveTakenEffect: false, ct);
                break;

            case ModerationAction.Unblock:
                await UnblockAsync(graph, page, token, Person(request.Target), ct);
                break;
        }

        return new ModerationResult(null);
    }

    /// <summary>The blocked edge's parameter: <c>psid</c> for someone who messaged the Page, <c>user</c> otherwise.</summary>
    private static KeyValuePair<string, string> Person(InboxTarget target) =>
        new(target.Kind == InboundKind.Message ? "psid" : "user", target.AuthorPlatformId);

    /// <summary>Graph answers <c>{"success": true}</c>; false means nothing changed.</summary>
    private static void Succeeded(JsonElement answer)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Facebook did not make the change.");
        }
    }

    /// <summary><c>DELETE /{page-id}/blocked?user=…</c> (or psid): the person is taken off the Page's blocked list.</summary>
    private async Task UnblockAsync(GraphApi graph, string page, string token, KeyValuePair<string, string> person, CancellationToken ct)
    {
        var query = new List<KeyValuePair<string, string>> { person };
        if (!string.IsNullOrWhiteSpace(_options.ClientSecret))
        {
            query.Add(new("appsecret_proof", GraphApi.AppSecretProof(_options.ClientSecret, token)));
        }

        using var message = new HttpRequestMessage(HttpMethod.Delete, graph.Url($"{page}/blocked", query));
        message.Headers.Authorization = PlatformHttp.Bearer(token);
        using var response = await PlatformHttp.SendAsync(httpClientFactory.CreateClient(nameof(Network.Facebook)), message, graph.NetworkName, mayHaveTakenEffect: false, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw GraphErrors.Classify(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync(ct), graph.NetworkName);
        }
    }

    private static string Verb(ModerationAction action) => action.ToString().ToLowerInvariant();

    private static string PageToken(ChannelCall call) =>
        call?.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Facebook channel has no Page access token. Reconnect the channel.");

    private GraphApi Graph() => new(httpClientFactory.CreateClient(nameof(Network.Facebook)), _options.ApiBaseUrl, _options.ClientSecret, "Facebook");
}
