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

namespace Signpost.Web.Pages.Inbox;

/// <summary>
/// Moderating one message (000 §3.4, 004 Appendix B): the actions its platform allows for it, a
/// house-rules reason and a note; delete confirmed first (it is final); the outcome on the
/// platform shown afterwards, failures included. Criticism and nothing worse (003 §3.2.6) cannot be
/// hidden or deleted by an officer: the policy is shown before, and a forced request is refused with it.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class ModerateModel(AppDbContext db, ModerationService moderation) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Action { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>Set by the confirmation step of a delete.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    public InboxMessage Message { get; private set; } = null!;
    public PublicAuthor Author { get; private set; } = null!;
    public Channel Channel { get; private set; } = null!;
    public IReadOnlyList<ModerationRecord> Records { get; private set; } = [];

    /// <summary>The actions offered: possible now, allowed on the platform and to this person.</summary>
    public IReadOnlyList<ModerationAction> Offered { get; private set; } = [];

    /// <summary>Actions that would make sense but the platform does not allow.</summary>
    public IReadOnlyList<ModerationAction> NotOnPlatform { get; private set; } = [];

    public bool IsManager { get; private set; }

    /// <summary>Criticism and nothing worse (003 §3.2.6).</summary>
    public bool ProtectedCriticism { get; private set; }

    public bool ConfirmingDelete { get; private set; }

    /// <summary>The refusal of a forced request under the criticism policy (shown with a 403).</summary>
    public ModerationRefusedException? Refusal { get; private set; }

    /// <summary>The action just taken, shown with what the platform did.</summary>
    public ModerationRecord? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? record)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (record is { } recordId)
        {
            Result = Records.FirstOrDefault(r => r.Id == recordId);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (ModerationDisplay.ParseAction(Action) is not { } action)
        {
            AddError("Action", "Choose what to do");
            if (string.IsNullOrWhiteSpace(Reason))
            {
                AddError("Reason", "Choose the house rule the message breaks");
            }

            return Page();
        }

        var refusedHere = ProtectedCriticism && !IsManager && CriticismPolicy.Restricts(action);
        if (action == ModerationAction.Delete && !Confirm && !refusedHere && HouseRuleReasons.Find(Reason) is not null
            && (!ProtectedCriticism || !string.IsNullOrWhiteSpace(Note)))
        {
            // Delete is final: say so and ask before calling the platform (works without JavaScript).
            ConfirmingDelete = true;
            return Page();
        }

        try
        {
            var done = await moderation.ApplyAsync(Id, action, Reason ?? "", Note, await GetActorAsync(), HttpContext.RequestAborted);
            return Redirect($"{OrganisationPath}/inbox/{Id}/moderate?record={done.Id}");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
        catch (ModerationRefusedException e)
        {
            Refusal = e;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id, ct);
        if (message is null)
        {
            return false;
        }

        Message = message;
        Author = await db.PublicAuthors.AsNoTracking().FirstAsync(a => a.Id == message.AuthorId, ct);
        Channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == message.ChannelId, ct);
        Records = await db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == message.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToListAsync(ct);
        IsManager = OrganisationContext.Has(OrganisationRoles.CommunicationsManager);
        ProtectedCriticism = CriticismPolicy.Protects(message);
        var possible = ModerationService.ActionsFor(message, Author);
        NotOnPlatform = possible.Where(a => !moderation.PlatformSupports(Channel.Network, a, message.Kind)).ToList();
        Offered = possible.Except(NotOnPlatform)
            .Where(a => !(ProtectedCriticism && !IsManager && CriticismPolicy.Restricts(a)))
            .ToList();
        return true;
    }
}
