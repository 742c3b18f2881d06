using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Check;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Posts;

/// <summary>A date and time, or "now", for approving a post whose time has passed and for scheduling.</summary>
public sealed class ScheduleForm
{
    public const string Now = "now";
    public const string At = "at";

    public string? When { get; set; }
    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }
    public string? Time { get; set; }
    public string? Clock { get; set; }

    public LondonDateTimeInput Input => new(Day, Month, Year, Time, Clock);
}

/// <summary>
/// One post: its state, its text and findings per channel (fixes one button away), its approvals,
/// and what the person may do next given their role and the post's state (capabilities 5 to 7).
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed partial class DetailsModel(AppDbContext db, PostService posts, PublishingService publishing, TimeProvider time) : SignpostPageModel
{
    public const string SchedulePrefix = "Schedule";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The version the person was looking at when they acted.</summary>
    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Fix { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? OverrideCode { get; set; }

    [BindProperty]
    public Guid? OverrideChannel { get; set; }

    [BindProperty]
    public string? OverrideReason { get; set; }

    [BindProperty]
    public string? OverrideField { get; set; }

    [BindProperty]
    public ScheduleForm Schedule { get; set; } = new();

    [BindProperty]
    public Guid? PublicationId { get; set; }

    [BindProperty]
    public string? PublishedUrl { get; set; }

    [BindProperty]
    public bool ConfirmedNotOnPlatform { get; set; }

    public Post Post { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, Channel> Channels { get; private set; } = new Dictionary<Guid, Channel>();
    public IReadOnlyList<MediaItem> Media { get; private set; } = [];
    public string? CampaignName { get; private set; }
    public PostFindingsView Findings { get; private set; } = null!;
    public IReadOnlyList<BlockingFinding> Blocking { get; private set; } = [];
    public ApprovalProgress Progress { get; private set; } = new(0, 1);

    public bool IsManager => OrganisationContext.Has(OrganisationRoles.CommunicationsManager);
    public bool IsAuthor => Post.AuthorUserId == OrganisationContext.UserId;
    public bool HasApproved => Post.Approvals.Any(a => a.PostVersion == Post.Version && a.ApproverUserId == OrganisationContext.UserId);
    public bool Started => Post.Publications.Any(p => p.State is PublicationState.Publishing or PublicationState.Published or PublicationState.Unknown);
    public bool CanEdit => Post.State is PostState.Draft or PostState.Submitted or PostState.ChangesRequested or PostState.Approved or PostState.Scheduled
        || (Post.State == PostState.Failed && !Started);
    public bool CanSubmit => Post.State is PostState.Draft or PostState.ChangesRequested;
    public bool CanApprove => IsManager && !IsAuthor && !HasApproved && Post.State == PostState.Submitted;
    public bool CanRequestChanges => IsManager && !IsAuthor && !Started && Post.State is PostState.Submitted or PostState.Approved or PostState.Scheduled;
    public bool CanSchedule => !Started && Post.State is PostState.Approved or PostState.Scheduled;
    public bool CanUnschedule => !Started && Post.State == PostState.Scheduled;
    public bool CanCancel => !Started && Post.State is not (PostState.Publishing or PostState.Published or PostState.Cancelled);

    /// <summary>The time set has passed before the post was fully approved: the last approver chooses a new time or now.</summary>
    public bool TimeHasPassed => Post.ScheduledFor is { } at && at <= time.GetUtcNow();

    public bool ShowClock => PostTimes.IsRepeatedHour(Schedule.Input) || ModelState.ContainsKey($"{SchedulePrefix}.{nameof(ScheduleForm.Clock)}");

    public IEnumerable<Publication> Publications => PostService.Active(Post).OrderBy(p => Channels.TryGetValue(p.ChannelId, out var c) ? c.Name : "");

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (Post.ScheduledFor is { } at && CanSchedule)
        {
            var input = PostTimes.ToInput(at);
            Schedule = new ScheduleForm { When = ScheduleForm.At, Day = input.Day, Month = input.Month, Year = input.Year, Time = input.Time, Clock = input.Clock };
        }

        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync() => ActAsync(
        (actor, ct) => posts.SubmitAsync(OrganisationContext.OrganisationId, Id, actor, ct),
        "The post has been submitted for approval");

    public Task<IActionResult> OnPostApproveAsync()
    {
        if (!IsManager)
        {
            return Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));
        }

        return ActAsync(async (actor, ct) =>
        {
            var options = new ApprovePostOptions(Version);
            if (Schedule.When == ScheduleForm.Now)
            {
                options = options with { PublishNow = true };
            }
            else if (Schedule.When == ScheduleForm.At)
            {
                options = options with { PublishAt = PostTimes.Read(Schedule.Input, SchedulePrefix + ".") };
            }

            var approved = await posts.ApproveAsync(OrganisationContext.OrganisationId, Id, options, actor, ct);
            return approved.State == PostState.Scheduled
                ? $"You approved the post. It goes out {(approved.ScheduledFor is { } at ? "at " + PostDisplay.Time(at) : "now")}"
                : "You approved the post. It needs another approver before it goes out";
        });
    }

    public Task<IActionResult> OnPostRequestChangesAsync()
    {
        if (!IsManager)
        {
            return Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));
        }

        return ActAsync((actor, ct) => posts.RequestChangesAsync(OrganisationContext.OrganisationId, Id, Reason ?? "", actor, ct),
            "You asked for changes. The author has been told");
    }

    public Task<IActionResult> OnPostOverrideAsync()
    {
        if (!IsManager)
        {
            return Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));
        }

        // The reason box that was used, so that an error shows next to it.
        var field = OverrideField is { } f && OverrideFieldPattern().IsMatch(f) ? f : "";
        return ActAsync(async (actor, ct) =>
        {
            await RefuseIfChangedAsync(ct);
            await posts.OverrideFindingAsync(OrganisationContext.OrganisationId, Id, OverrideCode ?? "", OverrideChannel, OverrideReason ?? "", actor, ct);
        }, $"The finding {OverrideCode} has been overridden, with your reason", key => key == "Reason" ? field : "");
    }

    /// <summary>Uses a finding's suggestion in that channel's text (its own, or the post's) and saves it as a new version.</summary>
    public Task<IActionResult> OnPostFixAsync() => ActAsync(async (actor, ct) =>
    {
        await RefuseIfChangedAsync(ct);
        var organisation = OrganisationContext.Current;
        var findings = PostFindingsView.For(await posts.CheckAsync(organisation, Post, ct), FindingsMode.Post);
        if (findings.FindFix(Fix) is not ({ } channel, { } finding) || FindingMarks.ApplyFix(channel.Checked.Text, finding) is not { } fixedText)
        {
            throw new InvalidRequestException("", "That fix no longer matches the text: the findings below are for the text as it is now");
        }

        var variants = PostService.Active(Post).ToDictionary(p => p.ChannelId, p => p.Text);
        var text = Post.Text;
        if (channel.Source.HasOwnText && channel.ChannelId is { } channelId)
        {
            variants[channelId] = fixedText;
        }
        else
        {
            text = fixedText;
        }

        var options = new SavePostOptions(Post.Title, text, [.. variants.Keys], variants,
            [.. Post.Media.OrderBy(m => m.Position).Select(m => m.MediaItemId)], Post.ScheduledFor, Post.CampaignId, Post.ContentRequestId);
        var before = Post.State;
        var saved = await posts.UpdateAsync(organisation.Id, Id, options, Version, actor, ct);
        var quote = FindingMarks.Quote(channel.Checked.Text, finding);
        var used = finding.Code == "PLATFORM-LENGTH" ? "The text has been shortened" : $"“{quote}” is now “{finding.Suggestion}”";
        var where = channel.Source.HasOwnText ? $" in the text for {channel.Source.Channel!.Name}" : " in the post’s text";
        return saved.State == PostState.Submitted && before is PostState.Approved or PostState.Scheduled
            ? $"{used}{where}. The post needs approving again"
            : $"{used}{where}";
    });

    public Task<IActionResult> OnPostScheduleAsync() => ActAsync(async (actor, ct) =>
    {
        DateTimeOffset? when = Schedule.When == ScheduleForm.Now ? null : PostTimes.Read(Schedule.Input, SchedulePrefix + ".");
        await posts.ScheduleAsync(OrganisationContext.OrganisationId, Id, when, actor, ct);
        return when is { } at ? $"The post is scheduled for {PostDisplay.Time(at)}" : "The post will go out now";
    }, key => key == nameof(SavePostOptions.ScheduledFor) ? $"{SchedulePrefix}.{PostTimes.DayField}" : key);

    public Task<IActionResult> OnPostUnscheduleAsync() => ActAsync(
        (actor, ct) => posts.UnscheduleAsync(OrganisationContext.OrganisationId, Id, actor, ct),
        "The post has been taken off the schedule. It stays approved");

    public Task<IActionResult> OnPostCancelAsync() => ActAsync(
        (actor, ct) => posts.CancelAsync(OrganisationContext.OrganisationId, Id, actor, ct),
        "The post has been cancelled");

    /// <summary>The publisher's "try again" for a failed channel, or an unknown one that a person has looked for.</summary>
    public Task<IActionResult> OnPostRetryAsync() => ActAsync(async (actor, ct) =>
    {
        var publicationId = await PublicationOfThisPostAsync(ct);
        await publishing.RetryAsync(OrganisationContext.OrganisationId, publicationId, actor, ConfirmedNotOnPlatform, ct);
        return "It will be published again in a moment";
    }, key => key == "ConfirmedNotOnPlatform" ? $"Confirm-{PublicationId:N}" : "");

    public Task<IActionResult> OnPostResolveAsync() => ActAsync(async (actor, ct) =>
    {
        var publicationId = await PublicationOfThisPostAsync(ct);
        await publishing.ResolveAsPublishedAsync(OrganisationContext.OrganisationId, publicationId, PublishedUrl, actor, ct);
        return "It has been recorded as published";
    }, key => key == "Url" ? $"Url-{PublicationId:N}" : "");

    public Task<IActionResult> OnPostCheckPlatformAsync() => ActAsync(async (actor, ct) =>
    {
        var publicationId = await PublicationOfThisPostAsync(ct);
        return await publishing.CheckPlatformAsync(OrganisationContext.OrganisationId, publicationId, actor, ct)
            ? "It was found on the platform and is now recorded as published"
            : "It was not found on the platform. Look there yourself, then try again or mark it as published";
    });

    private Task<IActionResult> ActAsync(Func<Actor, CancellationToken, Task> act, string done, Func<string, string>? keys = null) =>
        ActAsync(async (actor, ct) =>
        {
            await act(actor, ct);
            return done;
        }, keys);

    /// <summary>Does one thing to the post, then shows it again: with a confirmation, or with what went wrong next to the field.</summary>
    private async Task<IActionResult> ActAsync(Func<Actor, CancellationToken, Task<string>> act, Func<string, string>? keys = null)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            var done = await act(await GetActorAsync(), ct);
            return RedirectWithNotification($"{OrganisationPath}/posts/{Id}", done);
        }
        catch (InvalidRequestException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                var key = field.Length == 0 ? "" : keys?.Invoke(field) ?? field;
                foreach (var message in messages)
                {
                    AddError(key, message);
                }
            }
        }
        catch (PostConflictException e)
        {
            AddError("", e.Message.Replace("Nothing was saved.", "Nothing was saved: read it again below.", StringComparison.Ordinal));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        db.ChangeTracker.Clear();
        await LoadAsync();
        return Page();
    }

    private async Task RefuseIfChangedAsync(CancellationToken ct)
    {
        var current = await db.Posts.AsNoTracking().Where(p => p.Id == Id).Select(p => p.Version).FirstAsync(ct);
        if (current != Version)
        {
            throw new PostConflictException("This post was changed after you opened it. Nothing was saved.") { CurrentVersion = current };
        }
    }

    private async Task<Guid> PublicationOfThisPostAsync(CancellationToken ct) =>
        PublicationId is { } id && await db.Publications.AnyAsync(p => p.Id == id && p.PostId == Id, ct)
            ? id
            : throw new NotFoundException("Publication", PublicationId ?? Guid.Empty);

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var post = await db.Posts.AsNoTracking()
            .Include(p => p.Publications).Include(p => p.Media).Include(p => p.Approvals).Include(p => p.Overrides)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == Id && p.OrganisationId == OrganisationContext.OrganisationId, ct);
        if (post is null)
        {
            return false;
        }

        Post = post;
        var channelIds = post.Publications.Select(p => p.ChannelId).ToList();
        Channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var mediaIds = post.Media.Select(m => m.MediaItemId).ToList();
        var media = await db.MediaItems.AsNoTracking().Where(m => mediaIds.Contains(m.Id)).ToListAsync(ct);
        Media = [.. media.OrderBy(m => post.Media.First(x => x.MediaItemId == m.Id).Position)];
        CampaignName = post.CampaignId is { } campaignId ? await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        var findings = await posts.CheckAsync(OrganisationContext.Current, post, ct);
        Blocking = PostService.Blocking(post, findings);
        Progress = await posts.ProgressAsync(post, ct);
        Findings = PostFindingsView.For(findings, FindingsMode.Post) with
        {
            Post = post,
            CanFix = CanEdit,
            CanOverride = IsManager && !IsAuthor && post.State is PostState.Submitted or PostState.Approved,
        };
        return true;
    }

    [GeneratedRegex("^override-[a-z0-9]+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OverrideFieldPattern();
}
