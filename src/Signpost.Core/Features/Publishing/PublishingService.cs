using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;

namespace Signpost.Core.Features.Publishing;

/// <summary>A publication a node holds, with everything the platform call needs.</summary>
public sealed record ClaimedPublication(
    Guid Id,
    Guid OrganisationId,
    Guid PostId,
    Guid ChannelId,
    Network Network,
    PlatformAccount Account,
    string? CredentialCiphertext,
    string Text,
    IReadOnlyList<Guid> MediaIds,
    string IdempotencyKey,
    int Attempt,
    DateTimeOffset? DueAt,
    DateTimeOffset ClaimedAt);

/// <summary>What came back from the platform for one claimed publication.</summary>
public sealed record PublishOutcome(ClaimedPublication Publication, PublishResult? Result, PlatformException? Error, DateTimeOffset FinishedAt);

/// <summary>
/// Exactly-once publishing (capability 7). A publication is claimed under a lease in one audited
/// transaction before the platform is called, and its outcome recorded in another. What happens
/// after a crash depends on whether the platform de-duplicates: with an idempotency key (Bluesky
/// record keys, Mastodon, the Sandbox) the attempt is simply repeated with the same key; without one
/// (X, Facebook, Instagram, LinkedIn) it is never blindly repeated: it is marked unknown, looked
/// for on the platform, and shown to a person. See docs/adr/0010.
/// </summary>
public sealed partial class PublishingService(
    AppDbContext db,
    AuditTrail audit,
    ConnectorRegistry connectors,
    ChannelCredentials credentials,
    NotificationService notifications,
    PublishingOptions options,
    TimeProvider time,
    ILogger<PublishingService> logger)
{
    private static readonly Actor Publisher = Actor.Anonymous("Signpost publisher");

    /// <summary>Takes up to <paramref name="max"/> due publications on active channels for this node.</summary>
    public async Task<IReadOnlyList<ClaimedPublication>> ClaimDueAsync(int max, CancellationToken ct)
    {
        db.Scope.MakeUnrestricted();
        var now = time.GetUtcNow();
        var candidates = await (
                from p in db.Publications
                join c in db.Channels on p.ChannelId equals c.Id
                where p.State == PublicationState.Pending && p.AvailableAt != null && p.AvailableAt <= now && c.Status == ChannelStatus.Active
                orderby p.AvailableAt
                select new { p.Id, p.OrganisationId })
            .Take(max * 2)
            .ToListAsync(ct);
        var claimed = new List<ClaimedPublication>();
        foreach (var organisation in candidates.GroupBy(c => c.OrganisationId))
        {
            if (claimed.Count >= max)
            {
                break;
            }

            claimed.AddRange(await ClaimInOrganisationAsync(organisation.Key, [.. organisation.Select(c => c.Id)], max - claimed.Count, ct));
        }

        return claimed;
    }

    private async Task<List<ClaimedPublication>> ClaimInOrganisationAsync(Guid organisationId, List<Guid> ids, int max, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await audit.LockChainsAsync([organisationId], ct);
        var now = time.GetUtcNow();
        var leaseUntil = now + options.Lease;
        var won = new List<Guid>();
        foreach (var id in ids)
        {
            if (won.Count >= max)
            {
                break;
            }

            // A conditional update: of several nodes, only one moves a row from Pending.
            var taken = await db.Publications
                .Where(p => p.Id == id && p.State == PublicationState.Pending && p.AvailableAt != null && p.AvailableAt <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.State, PublicationState.Publishing)
                    .SetProperty(p => p.LeaseOwner, options.NodeName)
                    .SetProperty(p => p.LeaseExpiresAt, leaseUntil)
                    .SetProperty(p => p.AttemptStartedAt, now)
                    .SetProperty(p => p.Attempts, p => p.Attempts + 1)
                    .SetProperty(p => p.Revision, p => p.Revision + 1), ct);
            if (taken == 1)
            {
                won.Add(id);
            }
        }

        if (won.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return [];
        }

        var publications = await db.Publications.AsNoTracking().Where(p => won.Contains(p.Id)).ToListAsync(ct);
        var postIds = publications.Select(p => p.PostId).Distinct().ToList();
        var posts = await db.Posts.Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var channelIds = publications.Select(p => p.ChannelId).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var media = await db.PostMediaLinks.AsNoTracking().Where(m => postIds.Contains(m.PostId)).OrderBy(m => m.Position).ToListAsync(ct);

        var records = new List<AuditRecord>();
        var result = new List<ClaimedPublication>();
        foreach (var publication in publications)
        {
            var post = posts[publication.PostId];
            var channel = channels[publication.ChannelId];
            if (post.State == PostState.Scheduled)
            {
                post.State = PostState.Publishing;
                post.UpdatedAt = now;
            }

            records.Add(new AuditRecord(AuditEventCode.PublicationStarted, Publisher, organisationId,
                $"Started publishing '{post.Title}' to {channel.Name} (attempt {publication.Attempts})", "Publication", publication.Id.ToString(),
                new { postId = post.Id, channelId = channel.Id, attempt = publication.Attempts, node = options.NodeName }));
            result.Add(new ClaimedPublication(
                publication.Id, organisationId, post.Id, channel.Id, channel.Network, channel.ToAccount(), channel.CredentialCiphertext,
                publication.Text ?? post.Text, [.. media.Where(m => m.PostId == post.Id).Select(m => m.MediaItemId)],
                publication.IdempotencyKey, publication.Attempts, publication.DueAt, now));
        }

        foreach (var channel in channels.Values)
        {
            var count = publications.Count(p => p.ChannelId == channel.Id);
            records.Add(ChannelCredentials.ReadRecord(channel, count == 1 ? "publish a post" : $"publish {count} posts", Publisher));
        }

        await audit.SaveChangesAsync(records, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Calls the platform for one claimed publication. Never throws for a platform failure: the outcome says what happened.</summary>
    public async Task<PublishOutcome> PublishAsync(ClaimedPublication claimed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var connector = connectors.For(claimed.Network);
        try
        {
            var credential = credentials.Unprotect(new Channel { Id = claimed.ChannelId, CredentialCiphertext = claimed.CredentialCiphertext });
            var uploads = await LoadMediaAsync(claimed.MediaIds, ct);
            var request = new PublishRequest(new ChannelCall(claimed.Account, credential), claimed.Text, uploads, claimed.IdempotencyKey);
            var result = await connector.PublishAsync(request, ct);
            return new PublishOutcome(claimed, result, null, time.GetUtcNow());
        }
        catch (PlatformException e)
        {
            return new PublishOutcome(claimed, null, e, time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Something the connector did not classify: it may have reached the platform.
            LogUnclassified(logger, claimed.Id, e);
            return new PublishOutcome(claimed, null,
                new PlatformException(PlatformErrorKind.OutcomeUnknown, $"An unexpected error while publishing: {e.Message}", inner: e), time.GetUtcNow());
        }
    }

    private async Task<List<MediaUpload>> LoadMediaAsync(IReadOnlyList<Guid> mediaIds, CancellationToken ct)
    {
        if (mediaIds.Count == 0)
        {
            return [];
        }

        var items = await db.MediaItems.AsNoTracking().IgnoreQueryFilters().Where(m => mediaIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var contents = await db.MediaContents.AsNoTracking().Where(c => mediaIds.Contains(c.MediaItemId)).ToDictionaryAsync(c => c.MediaItemId, c => c.Bytes, ct);
        return [.. mediaIds.Where(items.ContainsKey).Select(id =>
        {
            var item = items[id];
            return new MediaUpload(item.FileName, item.ContentType, contents.GetValueOrDefault(id) ?? [], item.AltText, item.Captions);
        })];
    }

    /// <summary>Records what the platform said, in one audited transaction per organisation.</summary>
    public async Task RecordOutcomesAsync(IReadOnlyList<PublishOutcome> outcomes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        db.Scope.MakeUnrestricted();
        foreach (var organisation in outcomes.GroupBy(o => o.Publication.OrganisationId))
        {
            await RecordInOrganisationAsync(organisation.Key, [.. organisation], ct);
        }
    }

    private async Task RecordInOrganisationAsync(Guid organisationId, List<PublishOutcome> outcomes, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await audit.LockChainsAsync([organisationId], ct);
        var ids = outcomes.Select(o => o.Publication.Id).ToList();
        var publications = await db.Publications
            .Where(p => ids.Contains(p.Id) && p.State == PublicationState.Publishing && p.LeaseOwner == options.NodeName)
            .ToDictionaryAsync(p => p.Id, ct);
        var records = new List<AuditRecord>();
        var context = await OutcomeContext.LoadAsync(db, organisationId, publications.Values, ct);
        foreach (var outcome in outcomes)
        {
            if (!publications.TryGetValue(outcome.Publication.Id, out var publication))
            {
                // The lease ran out and the publication moved on without this node; what this node did is
                // in the platform and is found by the next attempt (idempotency key) or the unknown check.
                LogLeaseLost(logger, outcome.Publication.Id);
                continue;
            }

            var channel = context.Channels[publication.ChannelId];
            var connector = connectors.For(channel.Network);
            if (outcome.Result is { } result)
            {
                MarkPublished(publication, result, outcome.FinishedAt);
                records.Add(new AuditRecord(AuditEventCode.PublicationPublished, Publisher, organisationId,
                    $"Published '{context.Posts[publication.PostId].Title}' to {channel.Name}", "Publication", publication.Id.ToString(),
                    new { result.PlatformPostId, url = result.Url?.ToString(), attempt = publication.Attempts }));
                if (result.RenewedCredential is { } renewed)
                {
                    SaveRenewedCredential(channel, renewed, records);
                }

                continue;
            }

            await ApplyFailureAsync(publication, channel, connector, outcome.Error!, context, records, ct);
        }

        foreach (var post in context.Posts.Values)
        {
            UpdatePostState(post, context.PublicationsOf(post.Id), time.GetUtcNow());
        }

        if (records.Count > 0)
        {
            await audit.SaveChangesAsync(records, ct);
        }

        await transaction.CommitAsync(ct);
    }

    private async Task ApplyFailureAsync(Publication publication, Channel channel, IPlatformConnector connector, PlatformException error, OutcomeContext context, List<AuditRecord> records, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var post = context.Posts[publication.PostId];
        publication.LeaseOwner = null;
        publication.LeaseExpiresAt = null;
        publication.LastError = Shorten(error.Message);
        publication.LastErrorKind = ErrorKindName(error.Kind);
        publication.Revision++;
        var subject = publication.Id.ToString();
        switch (error.Kind)
        {
            case PlatformErrorKind.Retryable or PlatformErrorKind.RateLimited when publication.Attempts < options.MaxAttempts:
            case PlatformErrorKind.OutcomeUnknown when connector.HasIdempotency && publication.Attempts < options.MaxAttempts:
                {
                    var wait = error.Kind == PlatformErrorKind.RateLimited && error.RetryAfter is { } retryAfter
                        ? retryAfter
                        : error.Kind == PlatformErrorKind.OutcomeUnknown ? TimeSpan.FromSeconds(5) : options.BackoffAfter(publication.Attempts);
                    publication.State = PublicationState.Pending;
                    publication.AvailableAt = now + wait;
                    records.Add(new AuditRecord(AuditEventCode.PublicationRetryScheduled, Publisher, channel.OrganisationId,
                        $"Publishing '{post.Title}' to {channel.Name} failed ({publication.LastErrorKind}); trying again in {PlatformHttp.Describe(wait)}",
                        "Publication", subject, new { error = publication.LastError, attempt = publication.Attempts, retryAt = publication.AvailableAt }));
                    return;
                }

            case PlatformErrorKind.OutcomeUnknown:
                publication.State = PublicationState.Unknown;
                publication.CheckedAt = null;
                records.Add(new AuditRecord(AuditEventCode.PublicationOutcomeUnknown, Publisher, channel.OrganisationId,
                    $"Publishing '{post.Title}' to {channel.Name}: the outcome is unknown; Signpost will look for it on {NetworkNames.DisplayName(channel.Network)} and will not publish it again without a person",
                    "Publication", subject, new { error = publication.LastError, attempt = publication.Attempts }));
                await NotifyAsync(context, post, channel, "publication-unknown",
                    $"Check whether '{post.Title}' went out on {channel.Name}",
                    $"Signpost tried to publish it but did not hear back from {NetworkNames.DisplayName(channel.Network)}: {publication.LastError} Signpost is looking for it on the platform and will not publish it again unless a person decides to.", ct);
                return;

            case PlatformErrorKind.AuthLost:
                publication.State = PublicationState.Failed;
                records.Add(new AuditRecord(AuditEventCode.PublicationFailed, Publisher, channel.OrganisationId,
                    $"Publishing '{post.Title}' to {channel.Name} failed: access to the account was lost", "Publication", subject, new { error = publication.LastError }));
                if (channel.Status != ChannelStatus.Disconnected)
                {
                    channel.Status = ChannelStatus.Disconnected;
                    channel.StatusReason = Shorten(error.Message);
                    channel.UpdatedAt = now;
                    records.Add(new AuditRecord(AuditEventCode.ChannelCredentialLost, Publisher, channel.OrganisationId,
                        $"{channel.Name} was disconnected: the platform no longer accepts Signpost's access", "Channel", channel.Id.ToString(), new { error = channel.StatusReason }));
                    var managers = await notifications.PeopleWithRolesAsync(channel.OrganisationId, OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator, ct);
                    await notifications.NotifyAsync(channel.OrganisationId, managers, new NotificationMessage("channel-disconnected",
                        $"Reconnect {channel.Name}", $"{NetworkNames.DisplayName(channel.Network)} no longer accepts Signpost's access: {channel.StatusReason} Posts to this channel wait until it is reconnected.",
                        $"/o/{context.OrganisationSlug}/channels/{channel.Id}"), ct: ct);
                }

                await NotifyAsync(context, post, channel, "publication-failed",
                    $"'{post.Title}' was not published to {channel.Name}",
                    $"{publication.LastError} Reconnect the channel, then retry the post from its page.", ct);
                return;

            default:
                publication.State = PublicationState.Failed;
                records.Add(new AuditRecord(AuditEventCode.PublicationFailed, Publisher, channel.OrganisationId,
                    $"Publishing '{post.Title}' to {channel.Name} failed: {publication.LastErrorKind}", "Publication", subject,
                    new { error = publication.LastError, attempt = publication.Attempts }));
                await NotifyAsync(context, post, channel, "publication-failed",
                    $"'{post.Title}' was not published to {channel.Name}",
                    error.Kind == PlatformErrorKind.Rejected
                        ? $"{NetworkNames.DisplayName(channel.Network)} refused it: {publication.LastError} Change the post, or retry it from its page."
                        : $"Signpost tried {publication.Attempts} times: {publication.LastError} Retry it from its page when the platform is working.", ct);
                return;
        }
    }

    private async Task NotifyAsync(OutcomeContext context, Post post, Channel channel, string kind, string title, string body, CancellationToken ct)
    {
        // The author and whoever approved this version: the people who expect it to go out.
        var people = await db.PostApprovals.Where(a => a.PostId == post.Id && a.PostVersion == post.Version).Select(a => a.ApproverUserId).ToListAsync(ct);
        people.Add(post.AuthorUserId);
        await notifications.NotifyAsync(channel.OrganisationId, people, new NotificationMessage(kind, title, body, $"/o/{context.OrganisationSlug}/posts/{post.Id}"), ct: ct);
    }

    private void SaveRenewedCredential(Channel channel, PlatformCredential renewed, List<AuditRecord> records)
    {
        channel.CredentialCiphertext = credentials.Protect(renewed);
        channel.CredentialUpdatedAt = time.GetUtcNow();
        if (renewed.ExpiresAt is { } expires && expires != channel.CredentialExpiresAt)
        {
            channel.CredentialExpiresAt = expires;
            channel.ExpiryWarningSentAt = null;
        }

        records.Add(new AuditRecord(AuditEventCode.ChannelCredentialRenewed, Publisher, channel.OrganisationId,
            $"Renewed the session or token of {channel.Name}", "Channel", channel.Id.ToString(), new { expiresAt = channel.CredentialExpiresAt }));
    }

    private static void MarkPublished(Publication publication, PublishResult result, DateTimeOffset at)
    {
        publication.State = PublicationState.Published;
        publication.PlatformPostId = result.PlatformPostId;
        publication.PlatformUrl = result.Url?.ToString();
        publication.PublishedAt = at;
        publication.LeaseOwner = null;
        publication.LeaseExpiresAt = null;
        publication.AvailableAt = null;
        publication.LastError = null;
        publication.LastErrorKind = null;
        publication.Revision++;
    }

    /// <summary>A post is published when every live channel has it, failed when none is still on its way and one failed.</summary>
    public static void UpdatePostState(Post post, IReadOnlyList<Publication> publications, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(publications);
        if (post.State is not (PostState.Scheduled or PostState.Publishing or PostState.Published or PostState.Failed))
        {
            return;
        }

        var live = publications.Where(p => p.State != PublicationState.Cancelled).ToList();
        if (live.Count == 0)
        {
            return;
        }

        PostState next;
        if (live.All(p => p.State == PublicationState.Published))
        {
            next = PostState.Published;
            post.PublishedAt = live.Max(p => p.PublishedAt);
        }
        else if (live.Any(p => p.State is PublicationState.Publishing or PublicationState.Unknown)
                 || (live.Any(p => p.State == PublicationState.Pending) && post.State != PostState.Scheduled))
        {
            next = PostState.Publishing;
        }
        else if (live.Any(p => p.State == PublicationState.Pending))
        {
            next = PostState.Scheduled;
        }
        else
        {
            next = PostState.Failed;
        }

        if (next != post.State)
        {
            post.State = next;
            post.UpdatedAt = now;
        }
    }

    /// <summary>
    /// Publications whose node stopped (the lease ran out). With platform idempotency they are tried
    /// again with the same key; without it the outcome is unknown and they are looked for, never repeated.
    /// </summary>
    public async Task<int> RecoverExpiredLeasesAsync(CancellationToken ct)
    {
        db.Scope.MakeUnrestricted();
        var now = time.GetUtcNow();
        var expired = await db.Publications.AsNoTracking()
            .Where(p => p.State == PublicationState.Publishing && p.LeaseExpiresAt != null && p.LeaseExpiresAt < now)
            .Select(p => new { p.Id, p.OrganisationId })
            .Take(500)
            .ToListAsync(ct);
        var recovered = 0;
        foreach (var organisation in expired.GroupBy(e => e.OrganisationId))
        {
            db.ChangeTracker.Clear();
            var ids = organisation.Select(e => e.Id).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await audit.LockChainsAsync([organisation.Key], ct);
            var publications = await db.Publications
                .Where(p => ids.Contains(p.Id) && p.State == PublicationState.Publishing && p.LeaseExpiresAt < now)
                .ToListAsync(ct);
            var context = await OutcomeContext.LoadAsync(db, organisation.Key, publications, ct);
            var records = new List<AuditRecord>();
            foreach (var publication in publications)
            {
                var channel = context.Channels[publication.ChannelId];
                var connector = connectors.For(channel.Network);
                var error = new PlatformException(PlatformErrorKind.OutcomeUnknown,
                    $"The Signpost node publishing it ({publication.LeaseOwner}) stopped before recording the outcome.");
                await ApplyFailureAsync(publication, channel, connector, error, context, records, ct);
                if (publication.State == PublicationState.Pending)
                {
                    publication.AvailableAt = now;
                }

                recovered++;
            }

            foreach (var post in context.Posts.Values)
            {
                UpdatePostState(post, context.PublicationsOf(post.Id), now);
            }

            if (records.Count > 0)
            {
                await audit.SaveChangesAsync(records, ct);
            }

            await transaction.CommitAsync(ct);
        }

        return recovered;
    }

    /// <summary>Looks on the platform for posts whose outcome is unknown and were not checked lately.</summary>
    public async Task<int> RecheckUnknownAsync(CancellationToken ct)
    {
        db.Scope.MakeUnrestricted();
        var due = time.GetUtcNow() - options.RecheckUnknownEvery;
        var ids = await db.Publications.AsNoTracking()
            .Where(p => p.State == PublicationState.Unknown && (p.CheckedAt == null || p.CheckedAt < due))
            .Select(p => new { p.Id, p.OrganisationId })
            .Take(50)
            .ToListAsync(ct);
        var found = 0;
        foreach (var item in ids)
        {
            if (await CheckOnPlatformAsync(item.OrganisationId, item.Id, Publisher, ct))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>A person asks Signpost to look for an unknown post on the platform now.</summary>
    public async Task<bool> CheckPlatformAsync(Guid organisationId, Guid publicationId, Actor actor, CancellationToken ct = default)
    {
        var publication = await db.Publications.AsNoTracking().SingleOrDefaultAsync(p => p.Id == publicationId && p.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Publication", publicationId);
        if (publication.State != PublicationState.Unknown)
        {
            throw new InvalidRequestException("Only a post whose outcome is unknown can be looked for.");
        }

        return await CheckOnPlatformAsync(organisationId, publicationId, actor, ct);
    }

    private async Task<bool> CheckOnPlatformAsync(Guid organisationId, Guid publicationId, Actor actor, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var publication = await db.Publications.AsNoTracking().SingleAsync(p => p.Id == publicationId, ct);
        var channel = await db.Channels.AsNoTracking().IgnoreQueryFilters().SingleAsync(c => c.Id == publication.ChannelId, ct);
        var post = await db.Posts.AsNoTracking().IgnoreQueryFilters().SingleAsync(p => p.Id == publication.PostId, ct);
        PublishResult? result = null;
        string? problem = null;
        try
        {
            var call = new ChannelCall(channel.ToAccount(), credentials.Unprotect(channel));
            result = await connectors.For(channel.Network).FindPublishedAsync(new PublishRequest(call, publication.Text ?? post.Text, [], publication.IdempotencyKey), ct);
        }
        catch (PlatformException e)
        {
            problem = Shorten(e.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await audit.LockChainsAsync([organisationId], ct);
        var tracked = await db.Publications.SingleAsync(p => p.Id == publicationId, ct);
        if (tracked.State != PublicationState.Unknown)
        {
            return tracked.State == PublicationState.Published;
        }

        var now = time.GetUtcNow();
        var records = new List<AuditRecord> { ChannelCredentials.ReadRecord(channel, "look for a post whose outcome is unknown", actor) };
        tracked.CheckedAt = now;
        if (result is not null)
        {
            MarkPublished(tracked, result, now);
            records.Add(new AuditRecord(AuditEventCode.PublicationFoundOnPlatform, actor, organisationId,
                $"Found '{post.Title}' on {channel.Name}: it was published", "Publication", publicationId.ToString(),
                new { result.PlatformPostId, url = result.Url?.ToString() }));
            var context = await OutcomeContext.LoadAsync(db, organisationId, [tracked], ct);
            foreach (var p in context.Posts.Values)
            {
                UpdatePostState(p, context.PublicationsOf(p.Id), now);
            }
        }
        else
        {
            tracked.LastError = problem is null
                ? $"Not found on {NetworkNames.DisplayName(channel.Network)} when checked. A person should look, then retry or mark it as published."
                : $"Could not check {NetworkNames.DisplayName(channel.Network)}: {problem}";
            records.Add(new AuditRecord(AuditEventCode.PublicationOutcomeUnknown, actor, organisationId,
                $"Looked for '{post.Title}' on {channel.Name}: {(problem is null ? "not found" : "could not check")}", "Publication", publicationId.ToString(),
                new { error = tracked.LastError }));
        }

        tracked.Revision++;
        await audit.SaveChangesAsync(records, ct);
        await transaction.CommitAsync(ct);
        return result is not null;
    }

    /// <summary>
    /// A person tries a failed post again, or, for an unknown outcome, says they have looked on the
    /// platform and it is not there (<paramref name="confirmedNotOnPlatform"/>).
    /// </summary>
    public async Task RetryAsync(Guid organisationId, Guid publicationId, Actor actor, bool confirmedNotOnPlatform = false, CancellationToken ct = default)
    {
        var (publication, channel, post) = await LoadForPersonAsync(organisationId, publicationId, ct);
        if (publication.State is not (PublicationState.Failed or PublicationState.Unknown))
        {
            throw new InvalidRequestException("Only a failed post, or one whose outcome is unknown, can be tried again.");
        }

        if (publication.State == PublicationState.Unknown && !confirmedNotOnPlatform)
        {
            throw new InvalidRequestException("ConfirmedNotOnPlatform",
                $"Look on {NetworkNames.DisplayName(channel.Network)} first and confirm that the post is not there: publishing again could post it twice.");
        }

        if (channel.Status != ChannelStatus.Active)
        {
            throw new InvalidRequestException($"{channel.Name} is {channel.Status.ToString().ToLowerInvariant()}. Reconnect or resume it first.");
        }

        var now = time.GetUtcNow();
        var from = publication.State;
        publication.State = PublicationState.Pending;
        publication.AvailableAt = now;
        publication.Attempts = 0;
        publication.LastError = null;
        publication.LastErrorKind = null;
        publication.Revision++;
        if (post.State is PostState.Failed or PostState.Publishing or PostState.Published)
        {
            post.State = PostState.Publishing;
            post.UpdatedAt = now;
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.PublicationRetriedByPerson, actor, organisationId,
            $"Asked to publish '{post.Title}' to {channel.Name} again", "Publication", publicationId.ToString(),
            new { from = from.ToString(), confirmedNotOnPlatform }), ct);
    }

    /// <summary>A person has found the post on the platform: record it as published (with its address, when they give one).</summary>
    public async Task ResolveAsPublishedAsync(Guid organisationId, Guid publicationId, string? url, Actor actor, CancellationToken ct = default)
    {
        var (publication, channel, post) = await LoadForPersonAsync(organisationId, publicationId, ct);
        if (publication.State is not (PublicationState.Failed or PublicationState.Unknown))
        {
            throw new InvalidRequestException("Only a failed post, or one whose outcome is unknown, can be marked as published.");
        }

        Uri? address = null;
        if (!string.IsNullOrWhiteSpace(url) && (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out address) || address.Scheme is not ("https" or "http")))
        {
            throw new InvalidRequestException("Url", "Enter the post's web address, starting with https://");
        }

        var now = time.GetUtcNow();
        MarkPublished(publication, new PublishResult(publication.PlatformPostId ?? "", address), now);
        var publications = await db.Publications.Where(p => p.PostId == post.Id).ToListAsync(ct);
        UpdatePostState(post, publications, now);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.PublicationResolvedByPerson, actor, organisationId,
            $"Marked '{post.Title}' as published on {channel.Name}", "Publication", publicationId.ToString(), new { url = address?.ToString() }), ct);
    }

    private async Task<(Publication Publication, Channel Channel, Post Post)> LoadForPersonAsync(Guid organisationId, Guid publicationId, CancellationToken ct)
    {
        var publication = await db.Publications.SingleOrDefaultAsync(p => p.Id == publicationId && p.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Publication", publicationId);
        var channel = await db.Channels.SingleAsync(c => c.Id == publication.ChannelId, ct);
        var post = await db.Posts.SingleAsync(p => p.Id == publication.PostId, ct);
        return (publication, channel, post);
    }

    private static string ErrorKindName(PlatformErrorKind kind) => kind switch
    {
        PlatformErrorKind.Retryable => "retryable",
        PlatformErrorKind.RateLimited => "rate_limited",
        PlatformErrorKind.AuthLost => "auth_lost",
        PlatformErrorKind.Rejected => "rejected",
        PlatformErrorKind.OutcomeUnknown => "outcome_unknown",
        _ => kind.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..1999] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publication {PublicationId}: the connector threw an unclassified error")]
    private static partial void LogUnclassified(ILogger logger, Guid publicationId, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publication {PublicationId}: this node's lease was lost before the outcome was recorded")]
    private static partial void LogLeaseLost(ILogger logger, Guid publicationId);

    /// <summary>The posts, channels and sibling publications an outcome touches, loaded once per batch.</summary>
    private sealed class OutcomeContext
    {
        public required string OrganisationSlug { get; init; }
        public required Dictionary<Guid, Post> Posts { get; init; }
        public required Dictionary<Guid, Channel> Channels { get; init; }
        public required List<Publication> Siblings { get; init; }

        public IReadOnlyList<Publication> PublicationsOf(Guid postId) => [.. Siblings.Where(p => p.PostId == postId)];

        public static async Task<OutcomeContext> LoadAsync(AppDbContext db, Guid organisationId, IEnumerable<Publication> publications, CancellationToken ct)
        {
            var list = publications.ToList();
            var postIds = list.Select(p => p.PostId).Distinct().ToList();
            var channelIds = list.Select(p => p.ChannelId).Distinct().ToList();
            var slug = await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == organisationId).Select(o => o.Slug).SingleAsync(ct);
            var posts = await db.Posts.IgnoreQueryFilters().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var channels = await db.Channels.IgnoreQueryFilters().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

            // Tracked: the publications already loaded are returned as the same instances.
            var siblings = await db.Publications.IgnoreQueryFilters().Where(p => postIds.Contains(p.PostId)).ToListAsync(ct);
            return new OutcomeContext { OrganisationSlug = slug, Posts = posts, Channels = channels, Siblings = siblings };
        }
    }
}
