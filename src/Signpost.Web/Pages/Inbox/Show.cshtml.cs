using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>
/// One conversation: the message and its thread, the post it answers, our replies, notes, the
/// author's history and strikes, moderation and safeguarding; and the team's forms: assign, status,
/// note, reply (saved reply or free text, policy-checked), hand-off to a department, and personal
/// data redaction (004 §6.4–6.5). Every form posts and redirects; nothing needs JavaScript.
/// </summary>
[RequireRoles(InboxService.InboxRoles)]
public sealed class ShowModel(
    AppDbContext db,
    InboxService inbox,
    InboxReplyService replies,
    SavedReplyService savedReplies,
    DepartmentHandOffService handOffs) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? AssigneeUserId { get; set; }

    [BindProperty]
    public string? NewStatus { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? ReplyText { get; set; }

    [BindProperty]
    public string? SavedReplyId { get; set; }

    [BindProperty]
    public bool AcceptWarnings { get; set; }

    [BindProperty]
    public Guid ReplyId { get; set; }

    [BindProperty]
    public Guid HandOffId { get; set; }

    [BindProperty]
    public string? Department { get; set; }

    [BindProperty]
    public string? DepartmentEmail { get; set; }

    [BindProperty]
    public string? Question { get; set; }

    [BindProperty]
    public bool IncludesPersonalData { get; set; }

    [BindProperty]
    public List<string> Categories { get; set; } = [];

    public InboxConversation Conversation { get; private set; } = null!;
    public IReadOnlyList<InboxAssignee> Assignees { get; private set; } = [];
    public IReadOnlyList<SavedReply> SavedReplies { get; private set; } = [];
    public IReadOnlyList<(string Name, string Email)> Departments { get; private set; } = [];

    /// <summary>The policy's findings for the reply in the form, after a send was stopped.</summary>
    public IReadOnlyList<Finding>? Findings { get; private set; }

    public bool ReplyNeedsAcceptance { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        IncludesPersonalData = Conversation.HasPersonalData;
        Categories = [.. DepartmentHandOffService.DetectedCategories(Conversation.Reasons)];
        return Page();
    }

    /// <summary>For inbox.mjs: how many thread messages and replies are newer than <paramref name="since"/>.</summary>
    public async Task<IActionResult> OnGetLiveAsync(long since)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var after = new DateTimeOffset(Math.Clamp(since, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
        var newer = Conversation.Thread.Where(e => e.At > after).ToList();
        return new JsonResult(new
        {
            count = newer.Count,
            since = (newer.Count > 0 ? newer.Max(e => e.At).UtcTicks : since).ToString(CultureInfo.InvariantCulture),
            version = Conversation.Message.Version,
        });
    }

    public Task<IActionResult> OnPostAssignAsync() => ActAsync(actor =>
        inbox.AssignAsync(OrganisationContext.OrganisationId, Id, Guid.TryParse(AssigneeUserId, out var user) ? user : null, Version, actor, HttpContext.RequestAborted),
        string.IsNullOrEmpty(AssigneeUserId) ? "The message is unassigned" : "The message has been assigned");

    public Task<IActionResult> OnPostStatusAsync() => ActAsync(actor =>
        InboxService.ParseStatus(NewStatus) is { } status
            ? inbox.SetStatusAsync(OrganisationContext.OrganisationId, Id, status, Version, actor, HttpContext.RequestAborted)
            : throw new InvalidRequestException("NewStatus", "Select a status"),
        "The status has been changed");

    public Task<IActionResult> OnPostReopenAsync() => ActAsync(actor =>
        inbox.ReopenAsync(OrganisationContext.OrganisationId, Id, Version, actor, HttpContext.RequestAborted), "The message has been reopened");

    public Task<IActionResult> OnPostNoteAsync() => ActAsync(async actor =>
        await inbox.AddNoteAsync(OrganisationContext.OrganisationId, Id, Note, actor, HttpContext.RequestAborted), "Your note has been added");

    /// <summary>Puts the chosen saved reply's words in the reply box (without JavaScript too); nothing is sent.</summary>
    public async Task<IActionResult> OnPostUseSavedAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        ModelState.Clear();
        var chosen = SavedReplies.FirstOrDefault(r => r.Id.ToString() == SavedReplyId);
        if (chosen is null)
        {
            AddError(nameof(SavedReplyId), "Select a saved reply");
        }
        else
        {
            ReplyText = chosen.Text;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        ModelState.Clear();
        try
        {
            var saved = Guid.TryParse(SavedReplyId, out var savedId) && SavedReplies.Any(r => r.Id == savedId && r.Text == ReplyText?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()) ? savedId : (Guid?)null;
            var outcome = await replies.ReplyAsync(OrganisationContext.Current, Id, new SendReplyOptions(ReplyText, saved, AcceptWarnings), await GetActorAsync(), HttpContext.RequestAborted);
            if (outcome.Reply is null)
            {
                Findings = outcome.Findings;
                ReplyNeedsAcceptance = outcome.NeedsAcceptance;
                AddError(nameof(ReplyText), outcome.Blocked
                    ? "Your reply breaks the social media policy: change it as the findings below say. It has not been sent"
                    : "Read the warnings below. To send the reply as it is, confirm that you have read them");
                return Page();
            }

            return outcome.Reply.State == Core.Features.Inbox.InboxReplyState.Sent
                ? RedirectWithNotification($"{OrganisationPath}/inbox/{Id}", "Your reply has been sent")
                : RedirectWithNotification($"{OrganisationPath}/inbox/{Id}#replies", "Your reply has been saved but could not be sent. The reason is shown below: try again");
        }
        catch (InvalidRequestException e)
        {
            AddFieldErrors(e);
            return Page();
        }
    }

    public Task<IActionResult> OnPostRetryAsync() => ActAsync(async actor =>
        await replies.RetryAsync(OrganisationContext.OrganisationId, ReplyId, actor, HttpContext.RequestAborted), "The reply has been sent again: its state is below");

    public Task<IActionResult> OnPostHandOffAsync() => ActAsync(async actor =>
        await handOffs.HandOffAsync(OrganisationContext.OrganisationId, Id, new HandOffOptions(Department, DepartmentEmail, Question, IncludesPersonalData), actor, HttpContext.RequestAborted),
        $"The question has been sent to {Department}. You will be told when they answer");

    public Task<IActionResult> OnPostConfirmAsync() => ActAsync(actor =>
        handOffs.ConfirmAsync(OrganisationContext.OrganisationId, HandOffId, actor, HttpContext.RequestAborted), "The hand-off has been confirmed");

    public Task<IActionResult> OnPostRedactAsync() => ActAsync(actor =>
        handOffs.RedactAsync(OrganisationContext.OrganisationId, Id, Categories, actor, HttpContext.RequestAborted), "The personal data has been deleted from Signpost's copy of the message");

    /// <summary>The Core's field names as this page's form names them.</summary>
    private void AddFieldErrors(InvalidRequestException e)
    {
        foreach (var (field, messages) in e.Errors)
        {
            var key = field switch
            {
                "Status" => nameof(NewStatus),
                "Text" => nameof(ReplyText),
                "Email" => nameof(DepartmentEmail),
                _ => field,
            };
            foreach (var message in messages)
            {
                AddError(key, message);
            }
        }
    }

    private async Task<IActionResult> ActAsync(Func<Core.Audit.Actor, Task> action, string done)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            await action(await GetActorAsync());
            return RedirectWithNotification($"{OrganisationPath}/inbox/{Id}", done);
        }
        catch (InvalidRequestException e)
        {
            AddFieldErrors(e);
            await LoadAsync();
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var conversation = await inbox.ConversationAsync(OrganisationContext.Current, Id, ct);
        if (conversation is null)
        {
            return false;
        }

        Conversation = conversation;
        Assignees = await inbox.AssigneesAsync(OrganisationContext.OrganisationId, ct);
        SavedReplies = await savedReplies.ForMessageAsync(OrganisationContext.OrganisationId, conversation.Message.LabelBits, ct);
        Departments = (await db.Teams.AsNoTracking().Where(t => t.Email != null).OrderBy(t => t.Name).Select(t => new { t.Name, t.Email }).ToListAsync(ct))
            .Select(t => (t.Name, t.Email!)).ToList();
        return true;
    }
}
