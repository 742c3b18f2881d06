using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Policy;
using MediaItem = Signpost.Core.Features.Media.MediaItem;
using MediaType = Signpost.Core.Features.Media.MediaType;
using PolicyMedia = Signpost.Policy.MediaItem;
using PolicyPost = Signpost.Policy.Post;

namespace Signpost.Core.Features.Posts;

/// <summary>
/// Posts from the composer to the publisher (capabilities 5 and 6): write once for several
/// channels, check against the policy, submit, approve (000 §1.3, 004 §5.5), schedule, cancel.
/// Every change is audited. The publisher (Publishing) takes it from a Scheduled post's Pending
/// publications whose time has come.
/// </summary>
public sealed class PostService(AppDbContext db, AuditTrail audit, TimeProvider time, PolicyEngineCache engines, NotificationService notifications)
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 10_000;
    public const int ReasonMaxLength = 2000;
    public const int MaxMedia = 10;

    /// <summary>Creates a draft.</summary>
    public async Task<Post> CreateAsync(Guid organisationId, SavePostOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var authorId = actor.UserId ?? throw new InvalidOperationException("A post is written by a person.");
        var now = time.GetUtcNow();
        var valid = await ValidateAsync(organisationId, options, null, ct);
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            AuthorUserId = authorId,
            AuthorName = actor.Name,
            Title = valid.Title,
            Text = valid.Text,
            CampaignId = options.CampaignId,
            ContentRequestId = options.ContentRequestId,
            State = PostState.Draft,
            ScheduledFor = options.ScheduledFor,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var channel in valid.Channels)
        {
            post.Publications.Add(NewPublication(post, channel.Id, valid.Variants.GetValueOrDefault(channel.Id)));
        }

        for (var i = 0; i < valid.Media.Count; i++)
        {
            post.Media.Add(new PostMedia { PostId = post.Id, MediaItemId = valid.Media[i].Id, Position = i });
        }

        db.Posts.Add(post);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.PostCreated, actor, organisationId, $"Created the draft post “{post.Title}”", "Post", post.Id.ToString(),
            new
            {
                post.Title,
                post.Text,
                channels = valid.Channels.Select(c => c.Name).ToList(),
                ownText = valid.Channels.Where(c => valid.Variants.ContainsKey(c.Id)).Select(c => c.Name).ToList(),
                media = valid.Media.Select(m => m.FileName).ToList(),
                post.ScheduledFor,
                post.CampaignId,
                post.ContentRequestId,
            }), ct);
        return post;
    }

    /// <summary>
    /// Changes a post. Refused when someone else saved a newer version since <paramref name="expectedVersion"/>
    /// (<see cref="PostConflictException"/>), or once it is publishing, published or cancelled. A change
    /// after any approval, by anyone (an approver too), needs approving again: the post goes back to
    /// Submitted, and if it was scheduled it is taken off the schedule.
    /// </summary>
    public async Task<Post> UpdateAsync(Guid organisationId, Guid postId, SavePostOptions options, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.Version != expectedVersion)
        {
            throw Conflict(post);
        }

        if (post.State is PostState.Publishing or PostState.Published or PostState.Cancelled)
        {
            throw new InvalidRequestException("", $"This post is {StateDescription(post.State)}: it can no longer be changed");
        }

        if (post.State == PostState.Failed && AnyStarted(post))
        {
            throw new InvalidRequestException("", "Part of this post has already gone out or may have: it can no longer be changed. Retry or resolve each channel on the post's page");
        }

        var valid = await ValidateAsync(organisationId, options, post, ct);
        var active = Active(post).ToList();
        var oldChannels = active.Select(p => p.ChannelId).ToHashSet();
        var newChannels = valid.Channels.Select(c => c.Id).ToList();
        var oldMedia = post.Media.OrderBy(m => m.Position).Select(m => m.MediaItemId).ToList();
        var newMedia = valid.Media.Select(m => m.Id).ToList();
        var variantsChanged = valid.Channels.Any(c => active.FirstOrDefault(p => p.ChannelId == c.Id)?.Text != valid.Variants.GetValueOrDefault(c.Id));
        var changes = AuditRecord.Diff(
            ("title", post.Title, valid.Title),
            ("text", post.Text, valid.Text),
            ("scheduledFor", post.ScheduledFor, options.ScheduledFor),
            ("campaignId", post.CampaignId, options.CampaignId));
        if (!oldChannels.SetEquals(newChannels))
        {
            var names = await ChannelNamesAsync(oldChannels.Concat(newChannels), ct);
            changes["channels"] = new { from = oldChannels.Select(id => names.GetValueOrDefault(id)).Order().ToList(), to = valid.Channels.Select(c => c.Name).Order().ToList() };
        }

        if (variantsChanged)
        {
            changes["ownText"] = valid.Channels.ToDictionary(c => c.Name, c => valid.Variants.GetValueOrDefault(c.Id));
        }

        if (!oldMedia.SequenceEqual(newMedia))
        {
            changes["media"] = new { from = oldMedia.Count, to = valid.Media.Select(m => m.FileName).ToList() };
        }

        if (changes.Count == 0)
        {
            return post;
        }

        var now = time.GetUtcNow();
        var wasApproved = post.State is PostState.Approved or PostState.Scheduled or PostState.Failed
            || (post.State == PostState.Submitted && post.Approvals.Any(a => a.PostVersion == post.Version));
        post.Title = valid.Title;
        post.Text = valid.Text;
        post.ScheduledFor = options.ScheduledFor;
        post.CampaignId = options.CampaignId;
        post.Version++;
        post.UpdatedAt = now;

        // Channels: a channel taken off is dropped if nothing was ever tried, otherwise kept as
        // cancelled; one put back is revived (one publication per post and channel).
        foreach (var publication in post.Publications.ToList())
        {
            if (newChannels.Contains(publication.ChannelId))
            {
                if (publication.State == PublicationState.Cancelled)
                {
                    publication.State = PublicationState.Pending;
                    publication.Revision++;
                }

                publication.Text = valid.Variants.GetValueOrDefault(publication.ChannelId);
            }
            else if (publication.State != PublicationState.Cancelled)
            {
                if (publication.Attempts == 0)
                {
                    post.Publications.Remove(publication);
                    db.Publications.Remove(publication);
                }
                else
                {
                    publication.State = PublicationState.Cancelled;
                    publication.DueAt = null;
                    publication.AvailableAt = null;
                    publication.Revision++;
                }
            }
        }

        foreach (var channelId in newChannels.Where(id => post.Publications.All(p => p.ChannelId != id)))
        {
            var publication = NewPublication(post, channelId, valid.Variants.GetValueOrDefault(channelId));
            post.Publications.Add(publication);
            db.Publications.Add(publication);
        }

        // Media: kept items are re-ordered in place (the key is the post and the item).
        foreach (var link in post.Media.ToList())
        {
            var position = newMedia.IndexOf(link.MediaItemId);
            if (position < 0)
            {
                post.Media.Remove(link);
                db.PostMediaLinks.Remove(link);
            }
            else
            {
                link.Position = position;
            }
        }

        for (var i = 0; i < newMedia.Count; i++)
        {
            if (post.Media.All(m => m.MediaItemId != newMedia[i]))
            {
                var link = new PostMedia { PostId = post.Id, MediaItemId = newMedia[i], Position = i };
                post.Media.Add(link);
                db.PostMediaLinks.Add(link);
            }
        }

        var records = new List<AuditRecord>
        {
            new(AuditEventCode.PostUpdated, actor, organisationId, $"Changed the post “{post.Title}” (version {post.Version})", "Post", post.Id.ToString(), changes),
        };
        if (wasApproved)
        {
            // 004 §5.5: what goes out is what was approved. Approvals are per version, so the new
            // version has none; a schedule is taken off until it is approved again.
            var from = post.State;
            post.State = PostState.Submitted;
            post.ApprovedAt = null;
            post.SubmittedAt = now;
            foreach (var publication in Active(post))
            {
                publication.State = PublicationState.Pending;
                publication.DueAt = null;
                publication.AvailableAt = null;
                publication.Revision++;
            }

            records.Add(new(AuditEventCode.PostReturnedForApproval, actor, organisationId,
                $"The post “{post.Title}” was changed after approval and needs approving again", "Post", post.Id.ToString(),
                new { from = from.ToString(), version = post.Version }));
            await NotifyApproversAsync(post, "post-returned", $"Changed after approval: {post.Title}",
                $"{actor.Name} changed this post after it was approved. It needs approving again before it can go out.", actor, sendEmail: false, ct);
        }

        await SaveAsync(records, ct);
        return post;
    }

    /// <summary>Sends a draft, or a post with changes requested, to the approvers.</summary>
    public async Task SubmitAsync(Guid organisationId, Guid postId, Actor actor, CancellationToken ct = default)
    {
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State is not (PostState.Draft or PostState.ChangesRequested))
        {
            throw new InvalidRequestException("", post.State == PostState.Submitted
                ? "This post has already been submitted for approval"
                : $"This post is {StateDescription(post.State)}: only a draft or a post with changes requested can be submitted");
        }

        if (!Active(post).Any())
        {
            throw new InvalidRequestException(nameof(SavePostOptions.ChannelIds), "Choose at least one channel before you submit the post");
        }

        var now = time.GetUtcNow();
        post.State = PostState.Submitted;
        post.SubmittedAt = now;
        post.UpdatedAt = now;
        post.ChangesRequestedReason = null;
        await NotifyApproversAsync(post, "post-submitted", $"Post awaiting your approval: {post.Title}",
            $"{post.AuthorName} wrote this post and {(actor.UserId == post.AuthorUserId ? "submitted it" : $"{actor.Name} submitted it")} for approval.", actor, sendEmail: true, ct);
        await SaveAsync([new(AuditEventCode.PostSubmitted, actor, organisationId, $"Submitted the post “{post.Title}” for approval", "Post", post.Id.ToString(),
            new { version = post.Version })], ct);
    }

    /// <summary>
    /// One approver's approval of the current version. A communications manager only, never the
    /// author (000 §1.3); once per approver per version. Error findings must each be overridden
    /// with a reason first (in <paramref name="options"/> or by <see cref="OverrideFindingAsync"/>).
    /// With enough different approvers (the most any of its channels asks for) the post is
    /// approved and scheduled: for its time, or now when it has none.
    /// </summary>
    public async Task<Post> ApproveAsync(Guid organisationId, Guid postId, ApprovePostOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await RequireApproverAsync(organisationId, actor, "approve posts", ct);
        var post = await LoadAsync(organisationId, postId, ct);
        if (options.ExpectedVersion is { } expected && expected != post.Version)
        {
            throw Conflict(post, "This post was changed after you opened it. Read the new version before you approve it. Nothing was saved.");
        }

        if (post.State != PostState.Submitted)
        {
            throw new InvalidRequestException("", post.State switch
            {
                PostState.Draft => "This post has not been submitted for approval yet",
                PostState.ChangesRequested => "Changes have been requested: the post must be changed and submitted again before it is approved",
                PostState.Approved or PostState.Scheduled => "This post has already been approved",
                _ => $"This post is {StateDescription(post.State)}: it cannot be approved",
            });
        }

        RefuseAuthor(post, actor, "approve it");
        if (post.Approvals.Any(a => a.PostVersion == post.Version && a.ApproverUserId == actor.UserId))
        {
            throw new InvalidRequestException("", "You have already approved this version of the post. Another communications manager must approve it too");
        }

        var organisation = await OrganisationAsync(organisationId, ct);
        var channels = await ChannelsOfAsync(post, ct);
        var progress = Progress(post, channels);
        var last = progress.Given + 1 >= progress.Needed;
        var now = time.GetUtcNow();

        // The time it goes out, if this approval is the last: the post's time, a new one, or now.
        DateTimeOffset? goesOutAt = post.ScheduledFor;
        if (last)
        {
            if (options.PublishNow)
            {
                goesOutAt = null;
            }
            else if (options.PublishAt is { } at)
            {
                if (at <= now)
                {
                    throw new InvalidRequestException(nameof(ApprovePostOptions.PublishAt), "The new time must be in the future");
                }

                goesOutAt = at;
            }
            else if (post.ScheduledFor is { } due && due <= now)
            {
                throw new InvalidRequestException(nameof(SavePostOptions.ScheduledFor),
                    $"This post was due to go out at {PostTimes.Format(due)}, which has passed. Choose a new time, or publish it as soon as it is approved");
            }
        }

        var records = new List<AuditRecord>();
        var findings = await CheckAsync(organisation, post, goesOutAt, ct);
        foreach (var request in options.Overrides ?? [])
        {
            records.Add(AddOverride(post, findings, request, actor, now));
        }

        var blocking = Blocking(post, findings);
        if (blocking.Count > 0)
        {
            throw new InvalidRequestException(new Dictionary<string, string[]>
            {
                ["Findings"] = [.. blocking.Select(b => $"{b.Finding.Code} on {ChannelName(b.Channel)}: {b.Finding.Message} Override it with a reason, or request changes"),],
            });
        }

        var approval = new PostApproval
        {
            Id = Guid.CreateVersion7(),
            PostId = post.Id,
            ApproverUserId = actor.UserId!.Value,
            ApproverName = actor.Name,
            PostVersion = post.Version,
            ApprovedAt = now,
        };
        post.Approvals.Add(approval);
        db.PostApprovals.Add(approval);
        post.UpdatedAt = now;
        var given = progress.Given + 1;
        records.Add(new(AuditEventCode.PostApproved, actor, organisationId,
            last ? $"Approved the post “{post.Title}”" : $"Approved the post “{post.Title}” ({given} of {progress.Needed} approvals)", "Post", post.Id.ToString(),
            new { version = post.Version, approvals = given, needed = progress.Needed }));
        if (last)
        {
            post.State = PostState.Approved;
            post.ApprovedAt = now;
            records.Add(Schedule(post, goesOutAt, now, actor));
            await NotifyAsync(post, [post.AuthorUserId], "post-approved", $"Approved: {post.Title}",
                $"{actor.Name} approved your post. It goes out {(goesOutAt is { } at ? "at " + PostTimes.Format(at) : "now")}.", sendEmail: true, ct);
        }

        await SaveAsync(records, ct);
        return post;
    }

    /// <summary>
    /// Lets an error finding go out, with the approver's reason, recorded with the finding's message
    /// and the words it pointed at (capability 6). <paramref name="channelId"/> null: on every channel.
    /// </summary>
    public async Task OverrideFindingAsync(Guid organisationId, Guid postId, string code, Guid? channelId, string reason, Actor actor, CancellationToken ct = default)
    {
        await RequireApproverAsync(organisationId, actor, "override findings", ct);
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State is not (PostState.Submitted or PostState.Approved))
        {
            throw new InvalidRequestException("", post.State == PostState.Scheduled
                ? "This post is scheduled: unschedule it before you override a finding"
                : "Findings are overridden while a post is awaiting approval");
        }

        RefuseAuthor(post, actor, "override its findings");
        var organisation = await OrganisationAsync(organisationId, ct);
        var findings = await CheckAsync(organisation, post, ct);
        var record = AddOverride(post, findings, new OverrideFindingOptions(code, channelId, reason), actor, time.GetUtcNow());
        post.UpdatedAt = time.GetUtcNow();
        await SaveAsync([record], ct);
    }

    /// <summary>Sends the post back to its author with what to change (a communications manager, not the author).</summary>
    public async Task RequestChangesAsync(Guid organisationId, Guid postId, string reason, Actor actor, CancellationToken ct = default)
    {
        await RequireApproverAsync(organisationId, actor, "request changes", ct);
        var text = (reason ?? "").Trim();
        var errors = new ValidationErrors();
        errors.Required("Reason", text, "Enter what needs to change");
        errors.MaxLength("Reason", text, ReasonMaxLength, "What needs to change");
        errors.ThrowIfAny();
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State is not (PostState.Submitted or PostState.Approved or PostState.Scheduled))
        {
            throw new InvalidRequestException("", $"This post is {StateDescription(post.State)}: changes are requested while it awaits approval, or before it goes out");
        }

        RefuseAuthor(post, actor, "request changes to it (change it yourself instead)");
        RefuseIfStarted(post);
        var from = post.State;
        var now = time.GetUtcNow();
        post.State = PostState.ChangesRequested;
        post.ChangesRequestedReason = text;
        post.ApprovedAt = null;
        post.UpdatedAt = now;
        Unschedule(post);
        await NotifyAsync(post, [post.AuthorUserId], "post-changes-requested", $"Changes requested: {post.Title}",
            $"{actor.Name} asked for changes: {text}", sendEmail: true, ct);
        await SaveAsync([new(AuditEventCode.PostChangesRequested, actor, organisationId, $"Requested changes to the post “{post.Title}”", "Post", post.Id.ToString(),
            new { reason = text, from = from.ToString(), version = post.Version })], ct);
    }

    /// <summary>Schedules an approved post, or moves a scheduled one: at <paramref name="when"/> (UTC), or now when null.</summary>
    public async Task ScheduleAsync(Guid organisationId, Guid postId, DateTimeOffset? when, Actor actor, CancellationToken ct = default)
    {
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State is not (PostState.Approved or PostState.Scheduled))
        {
            throw new InvalidRequestException("", $"This post is {StateDescription(post.State)}: only an approved post can be scheduled");
        }

        RefuseIfStarted(post);
        var now = time.GetUtcNow();
        if (when is { } at && at <= now)
        {
            throw new InvalidRequestException(nameof(SavePostOptions.ScheduledFor), "The time must be in the future");
        }

        var organisation = await OrganisationAsync(organisationId, ct);
        var findings = await CheckAsync(organisation, post, when, ct);
        var blocking = Blocking(post, findings);
        if (blocking.Count > 0)
        {
            // The pre-election rules read the time: a new time can bring a new error.
            throw new InvalidRequestException(new Dictionary<string, string[]>
            {
                ["Findings"] = [.. blocking.Select(b => $"{b.Finding.Code} on {ChannelName(b.Channel)}: {b.Finding.Message} An approver must override it with a reason before the post is scheduled then"),],
            });
        }

        post.UpdatedAt = now;
        await SaveAsync([Schedule(post, when, now, actor)], ct);
    }

    /// <summary>Takes a scheduled post off the schedule; it stays approved.</summary>
    public async Task UnscheduleAsync(Guid organisationId, Guid postId, Actor actor, CancellationToken ct = default)
    {
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State != PostState.Scheduled)
        {
            throw new InvalidRequestException("", $"This post is {StateDescription(post.State)}: only a scheduled post can be unscheduled");
        }

        RefuseIfStarted(post);
        post.State = PostState.Approved;
        post.UpdatedAt = time.GetUtcNow();
        Unschedule(post);
        await SaveAsync([new(AuditEventCode.PostUnscheduled, actor, organisationId, $"Took the post “{post.Title}” off the schedule", "Post", post.Id.ToString(),
            new { scheduledFor = post.ScheduledFor })], ct);
    }

    /// <summary>Cancels a post that has not started going out; its publications are cancelled.</summary>
    public async Task CancelAsync(Guid organisationId, Guid postId, Actor actor, CancellationToken ct = default)
    {
        var post = await LoadAsync(organisationId, postId, ct);
        if (post.State is PostState.Publishing or PostState.Published or PostState.Cancelled
            || (post.State == PostState.Failed && AnyStarted(post)))
        {
            throw new InvalidRequestException("", post.State == PostState.Cancelled
                ? "This post has already been cancelled"
                : $"This post is {StateDescription(post.State)}: it can no longer be cancelled");
        }

        RefuseIfStarted(post);
        var from = post.State;
        post.State = PostState.Cancelled;
        post.UpdatedAt = time.GetUtcNow();
        foreach (var publication in post.Publications.Where(p => p.State is PublicationState.Pending or PublicationState.Failed))
        {
            publication.State = PublicationState.Cancelled;
            publication.DueAt = null;
            publication.AvailableAt = null;
            publication.Revision++;
        }

        await SaveAsync([new(AuditEventCode.PostCancelled, actor, organisationId, $"Cancelled the post “{post.Title}”", "Post", post.Id.ToString(),
            new { from = from.ToString() })], ct);
    }

    /// <summary>The policy findings for each channel of a stored post, with its media and time.</summary>
    public Task<IReadOnlyList<ChannelFindings>> CheckAsync(Organisation organisation, Post post, CancellationToken ct = default) =>
        CheckAsync(organisation, post, post?.ScheduledFor, ct);

    /// <summary>The policy findings for each channel of a post as typed (not saved): for the composer.</summary>
    public async Task<IReadOnlyList<ChannelFindings>> CheckAsync(Organisation organisation, SavePostOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(options);
        var channelIds = (options.ChannelIds ?? []).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => c.OrganisationId == organisation.Id && channelIds.Contains(c.Id)).ToListAsync(ct);
        var media = await MediaAsync(organisation.Id, options.MediaIds ?? [], ct);
        var text = Normalise(options.Text);
        var variants = channels.ToDictionary(c => c.Id, c => CleanVariant(options.Variants?.GetValueOrDefault(c.Id), text));
        return Check(organisation, text, [.. channels.OrderBy(c => channelIds.IndexOf(c.Id))], variants, media, options.ScheduledFor);
    }

    /// <summary>Approvals given to the current version, and how many the post needs.</summary>
    public async Task<ApprovalProgress> ProgressAsync(Post post, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        return Progress(post, await ChannelsOfAsync(post, ct));
    }

    /// <summary>The error findings not yet overridden for the current version.</summary>
    public static IReadOnlyList<BlockingFinding> Blocking(Post post, IReadOnlyList<ChannelFindings> findings)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings.SelectMany(c => c.Findings
            .Where(f => f.Severity == Severity.Error && FindOverride(post, c.Channel?.Id, f.Code) is null)
            .Select(f => new BlockingFinding(c.Channel, f, Excerpt(c.Text, f))))];
    }

    /// <summary>The override of a finding for the current version, if an approver gave one.</summary>
    public static FindingOverride? FindOverride(Post post, Guid? channelId, string code)
    {
        ArgumentNullException.ThrowIfNull(post);
        return post.Overrides.FirstOrDefault(o => o.PostVersion == post.Version && o.Code == code && (o.ChannelId is null || o.ChannelId == channelId));
    }

    /// <summary>Publications still meant to go out (not taken off the post).</summary>
    public static IEnumerable<Publication> Active(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return post.State == PostState.Cancelled ? post.Publications : post.Publications.Where(p => p.State != PublicationState.Cancelled);
    }

    /// <summary>000 §1.3, 004 §5.5: the most approvals any of the post's channels asks for, at least one.</summary>
    public static int ApprovalsNeeded(IEnumerable<Channel> channels) =>
        Math.Max(1, channels.Select(c => c.ApprovalsRequired).DefaultIfEmpty(1).Max());

    /// <summary>"draft", "awaiting approval", … for messages.</summary>
    public static string StateDescription(PostState state) => state switch
    {
        PostState.Draft => "a draft",
        PostState.Submitted => "awaiting approval",
        PostState.ChangesRequested => "waiting for changes",
        PostState.Approved => "approved",
        PostState.Scheduled => "scheduled",
        PostState.Publishing => "being published",
        PostState.Published => "published",
        PostState.Failed => "failed",
        PostState.Cancelled => "cancelled",
        _ => state.ToString(),
    };

    /// <summary>The words a finding points at, as stored with an override (at most 500 characters).</summary>
    public static string? Excerpt(string text, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Start is not { } start || finding.Length is not { } length || start < 0 || length <= 0 || start >= text.Length)
        {
            return null;
        }

        var end = (int)Math.Min((long)start + length, text.Length);
        var excerpt = text[start..end];
        return excerpt.Length > 500 ? excerpt[..500] : excerpt;
    }

    private async Task<IReadOnlyList<ChannelFindings>> CheckAsync(Organisation organisation, Post post, DateTimeOffset? scheduledFor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(post);
        var channels = await ChannelsOfAsync(post, ct);
        var media = await MediaAsync(organisation.Id, [.. post.Media.OrderBy(m => m.Position).Select(m => m.MediaItemId)], ct, includeDeleted: true);
        var variants = Active(post).ToDictionary(p => p.ChannelId, p => p.Text);
        return Check(organisation, post.Text, channels, variants, media, scheduledFor);
    }

    private IReadOnlyList<ChannelFindings> Check(Organisation organisation, string text, List<Channel> channels, IReadOnlyDictionary<Guid, string?> variants,
        IReadOnlyList<MediaItem> media, DateTimeOffset? scheduledFor)
    {
        var engine = engines.For(organisation).Policy;
        var policyMedia = media.Select(ToPolicyMedia).ToList();
        if (channels.Count == 0)
        {
            return [new ChannelFindings(null, text, engine.Check(new PolicyPost { Text = text, Media = policyMedia, ScheduledFor = scheduledFor }))];
        }

        return [.. channels.Select(channel =>
        {
            var own = variants.GetValueOrDefault(channel.Id);
            var channelText = own ?? text;
            var findings = engine.Check(new PolicyPost
            {
                Text = channelText,
                Platform = NetworkNames.PolicyPlatform(channel.Network),
                Account = channel.AccountKind,
                Handle = channel.Handle,
                Media = policyMedia,
                ScheduledFor = scheduledFor,
            });
            return new ChannelFindings(channel, channelText, findings) { HasOwnText = own is not null };
        })];
    }

    private static PolicyMedia ToPolicyMedia(MediaItem item) => new()
    {
        Kind = item.Type switch { MediaType.Gif => MediaKind.Gif, MediaType.Video => MediaKind.Video, _ => MediaKind.Image },
        Alt = item.Type == MediaType.Video ? null : item.AltText ?? "",
        Captions = item.Type == MediaType.Video ? !string.IsNullOrWhiteSpace(item.Captions) : null,
        FileName = item.FileName,
    };

    private AuditRecord AddOverride(Post post, IReadOnlyList<ChannelFindings> findings, OverrideFindingOptions request, Actor actor, DateTimeOffset now)
    {
        var code = (request.Code ?? "").Trim();
        var reason = (request.Reason ?? "").Trim();
        var errors = new ValidationErrors();
        errors.Required("Code", code, "Say which finding to override");
        errors.Required("Reason", reason, "Enter why the post may go out with this finding");
        errors.MaxLength("Reason", reason, ReasonMaxLength, "The reason");
        errors.ThrowIfAny();
        var matches = findings
            .Where(c => request.ChannelId is null || c.Channel?.Id == request.ChannelId)
            .SelectMany(c => c.Findings.Where(f => f.Code == code).Select(f => (c.Channel, c.Text, Finding: f)))
            .ToList();
        if (matches.Count == 0)
        {
            throw new InvalidRequestException("Code", $"This post has no finding {code}{(request.ChannelId is null ? "" : " on that channel")} to override");
        }

        if (matches.All(m => m.Finding.Severity != Severity.Error))
        {
            throw new InvalidRequestException("Code", $"{code} is not an error: only error findings stop a post and need an override");
        }

        var first = matches.First(m => m.Finding.Severity == Severity.Error);
        if (post.Overrides.Any(o => o.PostVersion == post.Version && o.Code == code && (o.ChannelId is null || o.ChannelId == request.ChannelId)))
        {
            throw new InvalidRequestException("Code", $"{code} has already been overridden for this version of the post");
        }

        var excerpt = Excerpt(first.Text, first.Finding);
        var entry = new FindingOverride
        {
            Id = Guid.CreateVersion7(),
            PostId = post.Id,
            ChannelId = request.ChannelId,
            Code = code,
            Message = first.Finding.Message.Length > 2000 ? first.Finding.Message[..2000] : first.Finding.Message,
            Excerpt = excerpt,
            Reason = reason,
            ApproverUserId = actor.UserId!.Value,
            ApproverName = actor.Name,
            PostVersion = post.Version,
            CreatedAt = now,
        };
        post.Overrides.Add(entry);
        db.FindingOverrides.Add(entry);
        return new AuditRecord(AuditEventCode.FindingOverridden, actor, post.OrganisationId,
            $"Overrode {code} on “{post.Title}”{(request.ChannelId is null ? "" : " on " + ChannelName(first.Channel))}", "Post", post.Id.ToString(),
            new { code, channel = first.Channel?.Name, message = entry.Message, excerpt, reason, version = post.Version });
    }

    private static AuditRecord Schedule(Post post, DateTimeOffset? when, DateTimeOffset now, Actor actor)
    {
        var due = when ?? now;
        var from = post.ScheduledFor;
        post.ScheduledFor = when;
        post.State = PostState.Scheduled;
        foreach (var publication in Active(post))
        {
            publication.State = PublicationState.Pending;
            publication.DueAt = due;
            publication.AvailableAt = due;
            publication.Revision++;
        }

        return new AuditRecord(AuditEventCode.PostScheduled, actor, post.OrganisationId,
            when is null ? $"Scheduled the post “{post.Title}” to go out now" : $"Scheduled the post “{post.Title}” for {PostTimes.Format(due)}",
            "Post", post.Id.ToString(), new { from, to = when, dueAt = due });
    }

    private static void Unschedule(Post post)
    {
        foreach (var publication in Active(post).Where(p => p.State == PublicationState.Pending))
        {
            publication.DueAt = null;
            publication.AvailableAt = null;
            publication.Revision++;
        }
    }

    private static bool AnyStarted(Post post) =>
        post.Publications.Any(p => p.State is PublicationState.Publishing or PublicationState.Published or PublicationState.Unknown);

    private static void RefuseIfStarted(Post post)
    {
        if (AnyStarted(post))
        {
            throw new InvalidRequestException("", "Part of this post is being published or has gone out, so this can no longer be done");
        }
    }

    private static void RefuseAuthor(Post post, Actor actor, string what)
    {
        if (post.AuthorUserId == actor.UserId)
        {
            // 000 §1.3, 004 §5.5: nobody approves their own post.
            throw new InvalidRequestException("", $"You wrote this post, so you cannot {what}: another communications manager must");
        }
    }

    private async Task RequireApproverAsync(Guid organisationId, Actor actor, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var roles = actor.UserId is { } userId
            ? await db.Memberships.IgnoreQueryFilters().Where(m => m.OrganisationId == organisationId && m.UserId == userId).Select(m => m.Roles).FirstOrDefaultAsync(ct)
            : OrganisationRoles.None;
        if ((roles & OrganisationRoles.CommunicationsManager) == 0)
        {
            throw new InvalidRequestException("", $"Only a communications manager can {what}");
        }
    }

    private static ApprovalProgress Progress(Post post, List<Channel> channels) =>
        new(post.Approvals.Where(a => a.PostVersion == post.Version).Select(a => a.ApproverUserId).Distinct().Count(), ApprovalsNeeded(channels));

    private async Task<Post> LoadAsync(Guid organisationId, Guid postId, CancellationToken ct) =>
        await db.Posts
            .Include(p => p.Publications)
            .Include(p => p.Media)
            .Include(p => p.Approvals)
            .Include(p => p.Overrides)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == postId && p.OrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Post", postId);

    private async Task<Organisation> OrganisationAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct) ?? throw new NotFoundException("Organisation", organisationId);

    private async Task<List<Channel>> ChannelsOfAsync(Post post, CancellationToken ct)
    {
        var ids = Active(post).Select(p => p.ChannelId).ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => c.OrganisationId == post.OrganisationId && ids.Contains(c.Id)).ToListAsync(ct);
        return [.. channels.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private async Task<List<MediaItem>> MediaAsync(Guid organisationId, IReadOnlyList<Guid> ids, CancellationToken ct, bool includeDeleted = false)
    {
        var distinct = ids.Distinct().ToList();
        var items = await db.MediaItems.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && distinct.Contains(m.Id) && (includeDeleted || m.DeletedAt == null))
            .ToListAsync(ct);
        return [.. items.OrderBy(m => distinct.IndexOf(m.Id))];
    }

    private async Task<Dictionary<Guid, string>> ChannelNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Channels.AsNoTracking().Where(c => list.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    private sealed record ValidPost(string Title, string Text, IReadOnlyList<Channel> Channels, IReadOnlyDictionary<Guid, string> Variants, IReadOnlyList<MediaItem> Media);

    private async Task<ValidPost> ValidateAsync(Guid organisationId, SavePostOptions options, Post? existing, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var text = Normalise(options.Text);
        var title = (options.Title ?? "").Trim();
        if (title.Length == 0)
        {
            title = TitleFrom(text);
        }

        errors.MaxLength(nameof(SavePostOptions.Title), title, TitleMaxLength, "The title");
        errors.Required(nameof(SavePostOptions.Text), text, "Enter the text of the post");
        errors.MaxLength(nameof(SavePostOptions.Text), text, TextMaxLength, "The text of the post");

        var channelIds = (options.ChannelIds ?? []).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => c.OrganisationId == organisationId && channelIds.Contains(c.Id)).ToListAsync(ct);
        if (channels.Count != channelIds.Count)
        {
            errors.Add(nameof(SavePostOptions.ChannelIds), "One of the channels chosen does not exist in this organisation");
        }

        channels = [.. channels.OrderBy(c => channelIds.IndexOf(c.Id))];
        var variants = new Dictionary<Guid, string>();
        foreach (var channel in channels)
        {
            if (CleanVariant(options.Variants?.GetValueOrDefault(channel.Id), text) is { } own)
            {
                errors.MaxLength($"Variants[{channel.Id}]", own, TextMaxLength, $"The text for {channel.Name}");
                variants[channel.Id] = own;
            }
        }

        var mediaIds = (options.MediaIds ?? []).Distinct().ToList();
        var keep = existing?.Media.Select(m => m.MediaItemId).ToHashSet() ?? [];
        var media = await MediaAsync(organisationId, mediaIds, ct, includeDeleted: true);
        if (media.Count != mediaIds.Count || media.Any(m => m.DeletedAt is not null && !keep.Contains(m.Id)))
        {
            errors.Add(nameof(SavePostOptions.MediaIds), "One of the images or videos chosen is not in the media library");
        }

        if (media.Count > MaxMedia)
        {
            errors.Add(nameof(SavePostOptions.MediaIds), $"Choose at most {MaxMedia} images or videos");
        }

        if (options.CampaignId is { } campaignId && !await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.OrganisationId == organisationId, ct))
        {
            errors.Add(nameof(SavePostOptions.CampaignId), "The campaign chosen does not exist in this organisation");
        }

        if (options.ContentRequestId is { } requestId && requestId != existing?.ContentRequestId
            && !await db.ContentRequests.AnyAsync(r => r.Id == requestId && r.OrganisationId == organisationId, ct))
        {
            errors.Add(nameof(SavePostOptions.ContentRequestId), "The content request does not exist in this organisation");
        }

        // A time already stored may have passed (approval asks for a new one); a new time must be ahead.
        if (options.ScheduledFor is { } at && at != existing?.ScheduledFor && at <= time.GetUtcNow())
        {
            errors.Add(nameof(SavePostOptions.ScheduledFor), "The time the post goes out must be in the future");
        }

        errors.ThrowIfAny();
        return new ValidPost(title, text, channels, variants, media);
    }

    private static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string? CleanVariant(string? variant, string text)
    {
        var own = Normalise(variant);
        return own.Length == 0 || own == text ? null : own;
    }

    /// <summary>The first line's first words, for a post saved without a title.</summary>
    private static string TitleFrom(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        if (line.Length <= 60)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', 60);
        return string.Concat(line.AsSpan(0, cut > 20 ? cut : 60), "…");
    }

    private static Publication NewPublication(Post post, Guid channelId, string? text) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = post.OrganisationId,
        PostId = post.Id,
        ChannelId = channelId,
        Text = text,
        State = PublicationState.Pending,
    };

    private static string ChannelName(Channel? channel) => channel?.Name ?? "every channel";

    private async Task NotifyApproversAsync(Post post, string kind, string title, string body, Actor actor, bool sendEmail, CancellationToken ct)
    {
        var approvers = await notifications.PeopleWithRolesAsync(post.OrganisationId, OrganisationRoles.CommunicationsManager, ct);
        await NotifyAsync(post, approvers.Where(id => id != post.AuthorUserId && id != actor.UserId), kind, title, body, sendEmail, ct);
    }

    private async Task NotifyAsync(Post post, IEnumerable<Guid> people, string kind, string title, string body, bool sendEmail, CancellationToken ct)
    {
        var slug = await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == post.OrganisationId).Select(o => o.Slug).FirstAsync(ct);
        await notifications.NotifyAsync(post.OrganisationId, people, new NotificationMessage(kind, title, body, $"/o/{slug}/posts/{post.Id}"), sendEmail, ct);
    }

    private static PostConflictException Conflict(Post post, string? message = null) =>
        new(message ?? "Someone else changed this post while you were working on it. Nothing was saved.") { CurrentVersion = post.Version };

    private async Task SaveAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        try
        {
            await audit.SaveChangesAsync(records, ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            // Another person or the publisher saved first: nothing of this change was written.
            throw new PostConflictException("Someone else changed this post while you were working on it. Nothing was saved.", e);
        }
    }
}
