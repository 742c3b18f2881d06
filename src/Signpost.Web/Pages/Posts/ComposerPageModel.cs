using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Posts;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Check;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Posts;

/// <summary>
/// The composer (capability 5): one post, one or more channels, each with its own text if needed,
/// media from the library, a time in UK time. Works as a plain form: saving or checking shows the
/// findings per channel, each fix one button away. With JavaScript, composer.mjs asks the Live
/// handler for the same findings as the person types, and uses fixes in place.
/// </summary>
public abstract class ComposerPageModel(AppDbContext db, PostService posts, ICompositeViewEngine viewEngine) : SignpostPageModel
{
    public const string Prefix = "Input";
    public const string SaveDraft = "draft";
    public const string SaveAndSubmit = "submit";

    /// <summary>The media library items offered, newest first (and any already on the post).</summary>
    public const int MediaShown = 100;

    [BindProperty]
    public ComposerForm Input { get; set; } = new();

    /// <summary>Which finding's suggestion to use ("channel|code:start:length"), from a "Use this fix" button.</summary>
    [BindProperty]
    public string? Fix { get; set; }

    /// <summary>"draft" or "submit", from the button used.</summary>
    [BindProperty]
    public string? Save { get; set; }

    public IReadOnlyList<Channel> Channels { get; private set; } = [];
    public IReadOnlyList<MediaItem> Media { get; private set; } = [];
    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];
    public PostFindingsView? Findings { get; protected set; }

    /// <summary>The post being changed; null for a new one.</summary>
    public Post? Post { get; protected set; }

    /// <summary>Whether to ask which of the two repeated 1am hours is meant (only on the night the clocks go back).</summary>
    public bool ShowClock => PostTimes.IsRepeatedHour(Input.WhenInput) || ModelState.ContainsKey($"{Prefix}.{nameof(ComposerForm.Clock)}");

    /// <summary>Whether "Save and submit for approval" is offered: a new post, a draft, or one with changes requested.</summary>
    public bool CanSubmit => Post is null || Post.State is PostState.Draft or PostState.ChangesRequested;

    protected PostService Posts => posts;

    protected AppDbContext Db => db;

    /// <summary>Whether the page changes an existing post (then a missing post is 404).</summary>
    protected abstract bool IsEdit { get; }

    /// <summary>The post being changed, or null for a new post.</summary>
    protected abstract Task<Post?> FindPostAsync();

    /// <summary>Saves the post as typed; the page model decides whether it creates or changes one.</summary>
    protected abstract Task<Post> SavePostAsync(SavePostOptions options);

    /// <summary>"Check without saving": the findings for the post as typed.</summary>
    public async Task<IActionResult> OnPostCheckAsync()
    {
        if (await PrepareAsync() is { } missing)
        {
            return missing;
        }

        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Input.Text))
        {
            AddError($"{Prefix}.{nameof(ComposerForm.Text)}", "Enter the text of the post");
            return Page();
        }

        Findings = await CheckTypedAsync();
        return Page();
    }

    /// <summary>Uses one finding's suggestion in the text of that channel (its own text, or the post's), then checks again. Nothing is saved.</summary>
    public async Task<IActionResult> OnPostFixAsync()
    {
        if (await PrepareAsync() is { } missing)
        {
            return missing;
        }

        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Input.Text))
        {
            AddError($"{Prefix}.{nameof(ComposerForm.Text)}", "Enter the text of the post");
            return Page();
        }

        var findings = await CheckTypedAsync();
        if (findings.FindFix(Fix) is not ({ } channel, { } finding) || FindingMarks.ApplyFix(channel.Checked.Text, finding) is not { } fixedText)
        {
            AddError($"{Prefix}.{nameof(ComposerForm.Text)}", "That fix no longer matches the text: the findings below are for the text as it is now");
            Findings = findings;
            return Page();
        }

        var before = FindingMarks.Quote(channel.Checked.Text, finding);
        if (channel.Source.HasOwnText && channel.ChannelId is { } channelId)
        {
            Input.Variants ??= [];
            Input.Variants[channelId.ToString()] = fixedText;
        }
        else
        {
            Input.Text = fixedText;
        }

        var where = channel.Source.HasOwnText ? $"in the text for {channel.Source.Channel!.Name}" : "in the post’s text";
        var used = finding.Code == "PLATFORM-LENGTH" ? $"the text has been shortened {where}" : $"“{before}” is now “{finding.Suggestion}” {where}";
        Findings = await CheckTypedAsync() with { FixUsed = used };
        return Page();
    }

    /// <summary>For composer.mjs: the same findings as the form shows, as JSON with their HTML.</summary>
    public async Task<IActionResult> OnPostLiveAsync()
    {
        if (IsEdit && await FindPostAsync() is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Input.Text))
        {
            return new JsonResult(new { count = 0, summary = "Enter the text of the post to check it.", html = "" });
        }

        var findings = await CheckTypedAsync();
        return new JsonResult(new { count = findings.Count, summary = findings.Summary, html = await RenderFindingsAsync(findings) });
    }

    /// <summary>Saves (and, with "Save and submit", submits) the post, then shows it.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await PrepareAsync() is { } missing)
        {
            return missing;
        }

        var submit = Save == SaveAndSubmit && CanSubmit;
        SavePostOptions? options = null;
        try
        {
            options = Input.ToOptions(Post?.ContentRequestId);
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, Prefix);
        }

        if (submit && (Input.ChannelIds ?? []).Count == 0)
        {
            AddError($"{Prefix}.{nameof(ComposerForm.ChannelIds)}", "Choose at least one channel before you submit the post");
        }

        if (options is null || !ModelState.IsValid)
        {
            Findings = string.IsNullOrWhiteSpace(Input.Text) ? null : await CheckTypedAsync();
            return Page();
        }

        Post saved;
        var before = Post?.State;
        try
        {
            saved = await SavePostAsync(options);
        }
        catch (InvalidRequestException e)
        {
            AddServiceErrors(e);
            Findings = string.IsNullOrWhiteSpace(Input.Text) ? null : await CheckTypedAsync();
            return Page();
        }
        catch (PostConflictException e)
        {
            // Keep what the person wrote; saving again replaces the other version, knowingly.
            AddError("", "Someone else changed this post while you were editing it, so your changes have not been saved. Your text is below: "
                + "open the post in a new tab to see their version, then save again to replace it with yours");
            Input.Version = e.CurrentVersion ?? Input.Version;
            Findings = string.IsNullOrWhiteSpace(Input.Text) ? null : await CheckTypedAsync();
            return Page();
        }

        var posts = $"{OrganisationPath}/posts/{saved.Id}";
        if (submit)
        {
            try
            {
                await Posts.SubmitAsync(OrganisationContext.OrganisationId, saved.Id, await GetActorAsync(), HttpContext.RequestAborted);
            }
            catch (InvalidRequestException e)
            {
                return RedirectWithNotification($"{posts}/edit", $"Your post has been saved, but not submitted: {string.Join(" ", e.Errors.SelectMany(x => x.Value))}");
            }

            return RedirectWithNotification(posts, "Your post has been submitted for approval");
        }

        if (saved.State == PostState.Submitted && before is PostState.Approved or PostState.Scheduled or PostState.Failed)
        {
            return RedirectWithNotification(posts, "Your changes have been saved. The post needs approving again before it goes out");
        }

        return saved.State is PostState.Draft or PostState.ChangesRequested
            ? RedirectWithNotification($"{posts}/edit", Post is null ? "Your draft has been saved. The checks for each channel are below the form" : "Your changes have been saved")
            : RedirectWithNotification(posts, "Your changes have been saved");
    }

    /// <summary>Loads what the form offers, and the post being changed; a result when the page cannot go on.</summary>
    protected async Task<IActionResult?> PrepareAsync()
    {
        Post = await FindPostAsync();
        if (Post is null && IsEdit)
        {
            return NotFound();
        }

        if (Post is { State: PostState.Publishing or PostState.Published or PostState.Cancelled })
        {
            return RedirectWithNotification($"{OrganisationPath}/posts/{Post.Id}", $"This post is {PostService.StateDescription(Post.State)}: it can no longer be changed");
        }

        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        Channels = await db.Channels.AsNoTracking().Where(c => c.OrganisationId == organisationId).OrderBy(c => c.Name).ToListAsync(ct);
        var attached = Post?.Media.Select(m => m.MediaItemId).ToList() ?? [];
        var chosen = Input.MediaIds ?? [];
        Media = await db.MediaItems.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && (m.DeletedAt == null || attached.Contains(m.Id)))
            .OrderByDescending(m => attached.Contains(m.Id) || chosen.Contains(m.Id)).ThenByDescending(m => m.CreatedAt)
            .Take(MediaShown)
            .ToListAsync(ct);
        Campaigns = await db.Campaigns.AsNoTracking().Where(c => c.OrganisationId == organisationId).OrderBy(c => c.Name).ToListAsync(ct);
        return null;
    }

    /// <summary>The findings for the post as typed (a half-typed time is left out).</summary>
    protected async Task<PostFindingsView> CheckTypedAsync() =>
        PostFindingsView.For(await Posts.CheckAsync(OrganisationContext.Current, Input.ToOptions(Input.TryScheduledFor()), HttpContext.RequestAborted), FindingsMode.Composer);

    /// <summary>The Core's field errors next to the composer's fields (the time's next to the date).</summary>
    protected void AddServiceErrors(InvalidRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var (field, messages) in exception.Errors)
        {
            var key = field switch
            {
                "" => "",
                nameof(SavePostOptions.ScheduledFor) => $"{Prefix}.{PostTimes.DayField}",
                _ => $"{Prefix}.{field}",
            };
            foreach (var message in messages)
            {
                AddError(key, message);
            }
        }
    }

    private async Task<string> RenderFindingsAsync(PostFindingsView findings)
    {
        var view = viewEngine.FindView(PageContext, "_PostFindings", isMainPage: false);
        if (!view.Success)
        {
            throw new InvalidOperationException("The partial _PostFindings was not found.");
        }

        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<PostFindingsView>(ViewData, findings);
        var context = new ViewContext(PageContext, view.View, viewData, TempData, writer, new HtmlHelperOptions());
        await view.View.RenderAsync(context);
        return writer.ToString();
    }
}
