using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// Answers and moderation on Bluesky, through the channel's own PDS and session (those of
/// <see cref="BlueskyConnector"/>, renewed the same way).
/// <list type="bullet">
/// <item>A reply is a post with reply references to the message (parent) and its thread's first
/// post (root), written exactly once at a record key derived from the reply's idempotency key.</item>
/// <item>Hide and unhide edit the thread's threadgate (app.bsky.feed.threadgate, record key = the root
/// post's, <c>hiddenReplies</c>): Bluesky lets an account hide replies only in threads it started.</item>
/// <item>Block and unblock write and delete an app.bsky.graph.block record in the account's repository.</item>
/// <item>A report goes to the moderation service (Ozone) through the PDS (com.atproto.moderation.createReport
/// with the <c>atproto-proxy</c> header), with the house-rules reason.</item>
/// <item>Nobody can delete another account's post on Bluesky: delete is not supported.</item>
/// </list>
/// </summary>
internal sealed class BlueskyInboxConnector(BlueskyConnector connector, PlatformOptions options, TimeProvider? time = null) : IInboxConnector
{
    /// <summary>Bluesky's own moderation service (its labeler account, did:plc:ar7c4by46qjdydhdevvrndac).</summary>
    public const string BlueskyModerationServiceDid = "did:plc:ar7c4by46qjdydhdevvrndac";

    internal const string ThreadgateCollection = "app.bsky.feed.threadgate";
    internal const string BlockCollection = "app.bsky.graph.block";

    /// <summary>Lexicon app.bsky.feed.threadgate: hiddenReplies maxLength 300.</summary>
    internal const int MaxHiddenReplies = 300;

    /// <summary>Lexicon com.atproto.moderation.createReport: reason maxGraphemes 2000.</summary>
    private const int MaxReportReasonGraphemes = 2000;

    /// <summary>Tries at a write that another write to the same record overtook (a threadgate changed in between).</summary>
    private const int SwapAttempts = 3;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Network Network => Network.Bluesky;

    /// <summary>
    /// Hide and unhide: replies and comments (in a thread; whether the thread is the account's own is
    /// known only from its root, so a reply in someone else's thread is refused when tried). Block,
    /// unblock and report: any message. Delete: never.
    /// </summary>
    public bool Supports(ModerationAction action, InboundKind kind) => action switch
    {
        ModerationAction.Hide or ModerationAction.Unhide => kind is InboundKind.Reply or InboundKind.Comment,
        ModerationAction.Block or ModerationAction.Unblock or ModerationAction.Report => true,
        _ => false,
    };

    /// <summary>
    /// A post answering the message: parent the message, root its thread's first post (both with the
    /// CIDs the network has for them). Written through the publishing path, so that every attempt of
    /// one reply writes to the same record key and a repeat finds the reply already there.
    /// </summary>
    public Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.IdempotencyKey);
        if (string.IsNullOrEmpty(request.Target.PlatformId))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "There is no Bluesky post to answer.");
        }

        return connector.PublishAsync(
            new PublishRequest(request.Call, request.Text, [], ReplyKey(request.IdempotencyKey), request.Target.PlatformId), ct);
    }

    /// <summary>The idempotency key a reply is published under: apart from every publication's.</summary>
    internal static string ReplyKey(string idempotencyKey) => "inbox-reply/" + idempotencyKey;

    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action, request.Target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, request.Action switch
            {
                ModerationAction.Delete => "Bluesky does not let an account delete other people's posts. Hide the reply (in a thread the account started), block the author or report the post instead.",
                _ => "Bluesky lets an account hide only replies in a thread it started; this message is not such a reply. Block the author or report the post instead.",
            });
        }

        var session = connector.StartSession(request.Call);
        string? reference;
        try
        {
            reference = request.Action switch
            {
                ModerationAction.Hide => await ThreadgateAsync(session, request.Target, hide: true, ct),
                ModerationAction.Unhide => await ThreadgateAsync(session, request.Target, hide: false, ct),
                ModerationAction.Block => await BlockAsync(session, request.Target, ct),
                ModerationAction.Unblock => await UnblockAsync(session, request.Target, request.PlatformReference, ct),
                _ => await ReportAsync(session, request.Target, request.Reason, ct),
            };
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException(Doing(request.Action));
        }

        return new ModerationResult(reference, session.Renewed ? session.Credential : null);
    }

    private static string Doing(ModerationAction action) => action switch
    {
        ModerationAction.Hide => "hiding the reply",
        ModerationAction.Unhide => "showing the reply again",
        ModerationAction.Block => "the block",
        ModerationAction.Unblock => "lifting the block",
        _ => "the report",
    };

    // -----------------------------------------------------------------------------------------
    // Hide and unhide: the thread's threadgate
    // -----------------------------------------------------------------------------------------

    /// <summary>
    /// Adds the reply to (or removes it from) <c>hiddenReplies</c> of the threadgate of the thread's
    /// root post, making the threadgate when there is none. Whatever else the threadgate says (who may
    /// reply) is kept. A threadgate left with nothing in it is deleted, as if it had never been made.
    /// Each write names the version it changes (swapRecord), so that two edits at once cannot undo
    /// each other. Returns the threadgate's at:// URI.
    /// </summary>
    private async Task<string> ThreadgateAsync(BlueskyConnector.Session session, InboxTarget target, bool hide, CancellationToken ct)
    {
        var did = session.Account.AccountId;
        var reply = BlueskyConnector.ParseAtUri(target.PlatformId);
        var rootUri = target.RootPostId is { Length: > 0 } known ? known : await RootOfAsync(session, reply, ct);
        var root = BlueskyConnector.ParseAtUri(rootUri);
        if (!string.Equals(root.Repo, did, StringComparison.Ordinal) || root.Collection != BlueskyConnector.PostCollection)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                "Bluesky lets an account hide replies only in threads it started, and this reply is in a thread someone else started. Block the author or report the post instead.");
        }

        if (string.Equals(rootUri, target.PlatformId, StringComparison.Ordinal))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "That is the thread's first post, not a reply: only replies can be hidden.");
        }

        var gateUri = BlueskyConnector.AtUri(did, ThreadgateCollection, root.RecordKey);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await connector.GetPostAsync(session.Service, did, ThreadgateCollection, root.RecordKey, ct);
            var record = existing is not null && existing.Value.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse(existing.Value.GetRawText())!.AsObject()
                : new JsonObject
                {
                    ["$type"] = ThreadgateCollection,
                    ["post"] = rootUri,
                    ["createdAt"] = Timestamp(),
                };
            var hidden = record["hiddenReplies"] is JsonArray list
                ? list.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null).Where(u => u is not null).Select(u => u!).ToList()
                : [];
            var isHidden = hidden.Contains(target.PlatformId, StringComparer.Ordinal);
            if (hide == isHidden)
            {
                // Already hidden, or not hidden: what the caller wanted.
                return gateUri;
            }

            if (hide)
            {
                if (hidden.Count >= MaxHiddenReplies)
                {
                    throw new PlatformException(PlatformErrorKind.Rejected,
                        $"Bluesky hides at most {MaxHiddenReplies} replies in one thread, and this thread has that many hidden already. Block the author or report the post instead.");
                }

                hidden.Add(target.PlatformId);
            }
            else
            {
                hidden.RemoveAll(u => string.Equals(u, target.PlatformId, StringComparison.Ordinal));
            }

            try
            {
                if (hidden.Count == 0 && existing is not null && !record.ContainsKey("allow"))
                {
                    await connector.AuthorisedAsync(session, token => connector.Xrpc.ProcedureAsync(session.Service, "com.atproto.repo.deleteRecord",
                        new JsonObject { ["repo"] = did, ["collection"] = ThreadgateCollection, ["rkey"] = root.RecordKey, ["swapRecord"] = existing.Cid },
                        token, mayHaveTakenEffect: true, ct), ct);
                    return gateUri;
                }

                record["hiddenReplies"] = new JsonArray(hidden.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray());
                var write = new JsonObject
                {
                    ["repo"] = did,
                    ["collection"] = ThreadgateCollection,
                    ["rkey"] = root.RecordKey,
                    ["record"] = record,
                };
                if (existing is not null)
                {
                    write["swapRecord"] = existing.Cid;
                }

                // createRecord for a new threadgate refuses a key that another write took meanwhile.
                var nsid = existing is null ? "com.atproto.repo.createRecord" : "com.atproto.repo.putRecord";
                await connector.AuthorisedAsync(session, token => connector.Xrpc.ProcedureAsync(session.Service, nsid, write.DeepClone(), token, mayHaveTakenEffect: true, ct), ct);
                return gateUri;
            }
            catch (XrpcException e) when (attempt < SwapAttempts && !e.IsSessionProblem && !e.IsAccountProblem &&
                                          (e.Error == "InvalidSwap" || e.Status is HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError))
            {
                // The threadgate changed between reading and writing (or a write that failed may
                // have been made): read it again and redo the change on what is there now.
            }
        }
    }

    /// <summary>The root of the thread the post is in, from the post's reply references.</summary>
    private async Task<string> RootOfAsync(BlueskyConnector.Session session, BlueskyConnector.AtUriParts post, CancellationToken ct)
    {
        var found = await connector.GetPostAsync(session.Service, post.Repo, post.Collection, post.RecordKey, ct)
            ?? throw new PlatformException(PlatformErrorKind.Rejected, "The Bluesky reply is no longer there, so Signpost cannot tell which thread it was in.");
        return found.Value.ValueKind == JsonValueKind.Object && found.Value.TryGetProperty("reply", out var reply) &&
               reply.TryGetProperty("root", out var root) && BlueskyConnector.Text(root, "uri") is { } uri
            ? uri
            : throw new PlatformException(PlatformErrorKind.Rejected, "That Bluesky post is not a reply in a thread, so it cannot be hidden. Block the author or report the post instead.");
    }

    // -----------------------------------------------------------------------------------------
    // Block and unblock
    // -----------------------------------------------------------------------------------------

    /// <summary>
    /// An app.bsky.graph.block record for the author: the one the account already has (made in
    /// Signpost or in Bluesky), or a new one at a record key derived from the author's DID, so that a
    /// repeat finds it. Returns the block record's at:// URI, which unblock deletes.
    /// </summary>
    private async Task<string> BlockAsync(BlueskyConnector.Session session, InboxTarget target, CancellationToken ct)
    {
        var did = session.Account.AccountId;
        var subject = Subject(target);
        if (subject == did)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "An account cannot block itself.");
        }

        if (await BlocksOfAsync(session, subject, ct) is [var already, ..])
        {
            return already;
        }

        for (var attempt = 0; attempt < RecordKey.Attempts; attempt++)
        {
            var rkey = RecordKey.For("block/" + subject, attempt);
            try
            {
                var made = await connector.AuthorisedAsync(session, token => connector.Xrpc.ProcedureAsync(session.Service, "com.atproto.repo.createRecord",
                    new JsonObject
                    {
                        ["repo"] = did,
                        ["collection"] = BlockCollection,
                        ["rkey"] = rkey,
                        ["record"] = new JsonObject { ["$type"] = BlockCollection, ["subject"] = subject, ["createdAt"] = Timestamp() },
                    }, token, mayHaveTakenEffect: true, ct), ct);
                return BlueskyConnector.Text(made, "uri") ?? BlueskyConnector.AtUri(did, BlockCollection, rkey);
            }
            catch (XrpcException e) when (e.Detail?.Contains("slur", StringComparison.OrdinalIgnoreCase) == true)
            {
                // The PDS refuses keys that spell a slur (see RecordKey): the next key.
            }
            catch (XrpcException e) when (!e.IsSessionProblem && !e.IsAccountProblem && e.Status != HttpStatusCode.TooManyRequests)
            {
                // An earlier attempt may have made it (the PDS refuses a write to a key that is taken).
                if (await connector.GetPostAsync(session.Service, did, BlockCollection, rkey, ct) is not null)
                {
                    return BlueskyConnector.AtUri(did, BlockCollection, rkey);
                }

                throw;
            }
        }

        throw new PlatformException(PlatformErrorKind.Rejected, "Bluesky refused every record key Signpost tried for this block.");
    }

    /// <summary>
    /// Deletes every block record the account has for the author (the one Signpost made, named by
    /// <paramref name="reference"/>, and any made in Bluesky): with one left, the author would still
    /// be blocked. An author not blocked is not an error.
    /// </summary>
    private async Task<string?> UnblockAsync(BlueskyConnector.Session session, InboxTarget target, string? reference, CancellationToken ct)
    {
        var did = session.Account.AccountId;
        var subject = Subject(target);
        var blocks = (await BlocksOfAsync(session, subject, ct)).ToList();
        if (reference is { Length: > 0 } && reference.StartsWith($"at://{did}/{BlockCollection}/", StringComparison.Ordinal) && !blocks.Contains(reference))
        {
            blocks.Add(reference);
        }

        foreach (var block in blocks)
        {
            var parts = BlueskyConnector.ParseAtUri(block);
            try
            {
                await connector.AuthorisedAsync(session, token => connector.Xrpc.ProcedureAsync(session.Service, "com.atproto.repo.deleteRecord",
                    new JsonObject { ["repo"] = did, ["collection"] = BlockCollection, ["rkey"] = parts.RecordKey }, token, mayHaveTakenEffect: true, ct), ct);
            }
            catch (XrpcException e) when (BlueskyConnector.IsGone(e))
            {
                // Already deleted.
            }
        }

        return null;
    }

    /// <summary>The at:// URIs of the account's block records for <paramref name="subject"/> (com.atproto.repo.listRecords, every page).</summary>
    private async Task<IReadOnlyList<string>> BlocksOfAsync(BlueskyConnector.Session session, string subject, CancellationToken ct)
    {
        var found = new List<string>();
        string? cursor = null;
        do
        {
            List<KeyValuePair<string, string>> parameters =
            [
                new("repo", session.Account.AccountId),
                new("collection", BlockCollection),
                new("limit", "100"),
            ];
            if (cursor is not null)
            {
                parameters.Add(new("cursor", cursor));
            }

            var page = await connector.Xrpc.QueryAsync(session.Service, "com.atproto.repo.listRecords", parameters, null, ct);
            var records = page.TryGetProperty("records", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            found.AddRange(records
                .Where(r => r.TryGetProperty("value", out var value) && BlueskyConnector.Text(value, "subject") == subject)
                .Select(r => BlueskyConnector.Text(r, "uri"))
                .Where(u => u is not null)
                .Select(u => u!));
            cursor = records.Count > 0 ? BlueskyConnector.Text(page, "cursor") : null;
        }
        while (cursor is not null);

        return found;
    }

    private static string Subject(InboxTarget target) =>
        target.AuthorPlatformId is { } did && did.StartsWith("did:", StringComparison.Ordinal)
            ? did
            : throw new PlatformException(PlatformErrorKind.Rejected, $"'{target.AuthorPlatformId}' is not a Bluesky account id (a DID).");

    // -----------------------------------------------------------------------------------------
    // Report
    // -----------------------------------------------------------------------------------------

    /// <summary>
    /// com.atproto.moderation.createReport, passed by the PDS to the moderation service named in
    /// <c>Platforms:Bluesky:ModerationServiceDid</c> (Bluesky's own by default): the post (strongRef
    /// with its CID) or, when it is gone or there is none, the account (repoRef); the reason type
    /// that fits the house rule (<see cref="ReasonType"/>) and the rule itself as the reason.
    /// Returns the report's id.
    /// </summary>
    private async Task<string?> ReportAsync(BlueskyConnector.Session session, InboxTarget target, string reason, CancellationToken ct)
    {
        JsonObject subject;
        var post = target.PlatformId is { Length: > 0 } id && id.StartsWith("at://", StringComparison.Ordinal) ? BlueskyConnector.ParseAtUri(id) : (BlueskyConnector.AtUriParts?)null;
        var record = post is { } p ? await connector.GetPostAsync(session.Service, p.Repo, p.Collection, p.RecordKey, ct) : null;
        if (record is { Cid.Length: > 0 })
        {
            subject = new JsonObject { ["$type"] = "com.atproto.repo.strongRef", ["uri"] = record.Uri, ["cid"] = record.Cid };
        }
        else
        {
            subject = new JsonObject { ["$type"] = "com.atproto.admin.defs#repoRef", ["did"] = Subject(target) };
        }

        var text = reason.Trim();
        var info = new StringInfo(text);
        if (info.LengthInTextElements > MaxReportReasonGraphemes)
        {
            text = info.SubstringByTextElements(0, MaxReportReasonGraphemes);
        }

        var service = options.For(Network.Bluesky).ModerationServiceDid is { Length: > 0 } configured ? configured.Trim() : BlueskyModerationServiceDid;
        var body = new JsonObject { ["reasonType"] = ReasonType(text), ["reason"] = text, ["subject"] = subject };
        var report = await connector.AuthorisedAsync(session, token => connector.Xrpc.ProcedureAsync(session.Service, "com.atproto.moderation.createReport",
            body.DeepClone(), token, mayHaveTakenEffect: true, ct, proxyTo: service + "#atproto_labeler"), ct);
        return report.ValueKind == JsonValueKind.Object && report.TryGetProperty("id", out var reportId) && reportId.ValueKind == JsonValueKind.Number
            ? reportId.GetRawText()
            : BlueskyConnector.Text(report, "id");
    }

    /// <summary>
    /// The com.atproto.moderation.defs reason type for a house rule (004 Appendix B), from its words:
    /// abuse, discrimination and swearing are rude; spam and off-topic posts spam; false health
    /// information and impersonation misleading; unlawful posts a violation; the rest other.
    /// </summary>
    internal static string ReasonType(string reason)
    {
        const string Defs = "com.atproto.moderation.defs#";
        bool Has(string word) => reason.Contains(word, StringComparison.OrdinalIgnoreCase);
        return Has("abusive") || Has("discriminat") || Has("swearing") || Has("offensive") || Has("harass") || Has("threaten") ? Defs + "reasonRude"
            : Has("spam") || Has("advertis") || Has("off topic") || Has("off-topic") ? Defs + "reasonSpam"
            : Has("false") || Has("misinformation") || Has("misleading") || Has("impersonat") || Has("our name") ? Defs + "reasonMisleading"
            : Has("the law") || Has("unlawful") || Has("illegal") ? Defs + "reasonViolation"
            : Defs + "reasonOther";
    }

    private string Timestamp() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
