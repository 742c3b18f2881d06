using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms.Inbox;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox.Authors;

/// <summary>
/// A member of the public as one channel knows them (000 §3.4): their messages, the moderation of
/// them, their strikes with reasons, and whether a block is proposed or in place. The team blocks
/// and unblocks; a manager dismisses a proposed block or removes a strike, with a note.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class DetailsModel(AppDbContext db, ModerationService moderation) : SignpostPageModel
{
    public const int MessageLimit = 50;

    [BindProperty(SupportsGet = true)]
    public Guid AuthorId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? DismissNote { get; set; }

    [BindProperty]
    public Guid? StrikeId { get; set; }

    [BindProperty]
    public string? StrikeNote { get; set; }

    public PublicAuthor Author { get; private set; } = null!;
    public Channel Channel { get; private set; } = null!;
    public IReadOnlyList<AuthorStrike> Strikes { get; private set; } = [];
    public IReadOnlyList<InboxMessage> Messages { get; private set; } = [];
    public int MessageCount { get; private set; }
    public IReadOnlyList<ModerationRecord> Records { get; private set; } = [];
    public int Threshold { get; private set; }
    public bool IsManager { get; private set; }
    public bool CanBlockOnPlatform { get; private set; }

    /// <summary>The strike a manager is removing (the form for its note is shown).</summary>
    public AuthorStrike? RemovingStrike { get; private set; }

    /// <summary>The block or unblock just done, shown with what the platform did.</summary>
    public ModerationRecord? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? record, Guid? removeStrike)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Result = record is { } id ? Records.FirstOrDefault(r => r.Id == id) : null;
        RemovingStrike = removeStrike is { } strike && IsManager ? Strikes.FirstOrDefault(s => s.Id == strike) : null;
        return Page();
    }

    public Task<IActionResult> OnPostBlockAsync() =>
        ActAsync(actor => moderation.BlockAuthorAsync(AuthorId, Reason ?? "", Note, actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostUnblockAsync() =>
        ActAsync(actor => moderation.UnblockAuthorAsync(AuthorId, Reason, Note, actor, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostDismissAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            await moderation.DismissBlockProposalAsync(AuthorId, DismissNote, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/inbox/authors/{AuthorId}", $"The proposal to block @{Author.Handle} was dismissed");
        }
        catch (InvalidRequestException e)
        {
            AddErrorsAs(e, "DismissNote");
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveStrikeAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        RemovingStrike = Strikes.FirstOrDefault(s => s.Id == StrikeId);
        if (RemovingStrike is null)
        {
            return NotFound();
        }

        try
        {
            await moderation.RemoveStrikeAsync(RemovingStrike.Id, StrikeNote, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/inbox/authors/{AuthorId}", $"The strike against @{Author.Handle} was removed");
        }
        catch (InvalidRequestException e)
        {
            AddErrorsAs(e, "StrikeNote");
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(Func<Signpost.Core.Audit.Actor, Task<ModerationRecord>> act)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            var record = await act(await GetActorAsync());
            return Redirect($"{OrganisationPath}/inbox/authors/{AuthorId}?record={record.Id}");
        }
        catch (InvalidRequestException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    // "Action" errors are about the author's state: shown at the top.
                    AddError(field is "Reason" or "Note" ? field : "", message);
                }
            }

            return Page();
        }
    }

    /// <summary>Shows a form's note errors next to its own note field.</summary>
    private void AddErrorsAs(InvalidRequestException e, string noteField)
    {
        foreach (var (field, messages) in e.Errors)
        {
            foreach (var message in messages)
            {
                AddError(field == "Note" ? noteField : "", message);
            }
        }
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var author = await db.PublicAuthors.AsNoTracking().FirstOrDefaultAsync(a => a.Id == AuthorId, ct);
        if (author is null)
        {
            return false;
        }

        Author = author;
        Channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == author.ChannelId, ct);
        Strikes = await db.AuthorStrikes.AsNoTracking().Where(s => s.AuthorId == author.Id)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToListAsync(ct);
        MessageCount = await db.InboxMessages.CountAsync(m => m.AuthorId == author.Id, ct);
        Messages = await db.InboxMessages.AsNoTracking().Where(m => m.AuthorId == author.Id)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(MessageLimit).ToListAsync(ct);
        Records = await db.ModerationRecords.AsNoTracking().Where(r => r.AuthorId == author.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToListAsync(ct);
        Threshold = await moderation.StrikeThresholdAsync(author.OrganisationId, ct);
        IsManager = OrganisationContext.Has(OrganisationRoles.CommunicationsManager);
        var kind = Messages.Count > 0 ? Messages[0].Kind : InboundKind.Comment;
        CanBlockOnPlatform = moderation.PlatformSupports(Channel.Network, author.Blocked ? ModerationAction.Unblock : ModerationAction.Block, kind);
        return true;
    }
}
