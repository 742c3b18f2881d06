using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>
/// Refers a message's safeguarding concern to the safeguarding lead (000 §6.1): what the concern
/// is, who is at risk, and whether anyone is in immediate danger (then: call 999). After sending,
/// the same address shows the confirmation with the referral's id.
/// </summary>
[RequireRoles(ReferModel.MayRefer)]
public sealed class ReferModel(AppDbContext db, SafeguardingService safeguarding) : SignpostPageModel
{
    /// <summary>Everyone who works the inbox, and the safeguarding leads themselves.</summary>
    public const OrganisationRoles MayRefer = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager
        | OrganisationRoles.DutyManager | OrganisationRoles.SafeguardingLead;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "referral")]
    public Guid? ReferralId { get; set; }

    [BindProperty]
    public string? Concern { get; set; }

    [BindProperty]
    public string? WhoIsAtRisk { get; set; }

    [BindProperty]
    public string? ImmediateDanger { get; set; }

    public InboxMessage Message { get; private set; } = null!;
    public string AuthorHandle { get; private set; } = "";
    public string ChannelName { get; private set; } = "";

    /// <summary>The referral just sent (confirmation), when <see cref="ReferralId"/> is one of this person's.</summary>
    public SafeguardingReferral? Sent { get; private set; }

    public IReadOnlyList<SafeguardingReferral> Earlier { get; private set; } = [];

    public bool IsLead => OrganisationContext.Has(OrganisationRoles.SafeguardingLead);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (ReferralId is { } referralId)
        {
            Sent = await db.SafeguardingReferrals.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Id == referralId && r.MessageId == Id && r.ReferredByUserId == OrganisationContext.UserId, HttpContext.RequestAborted);
            if (Sent is null)
            {
                return NotFound();
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        bool? danger = ImmediateDanger switch
        {
            "yes" => true,
            "no" => false,
            _ => null,
        };
        try
        {
            var referral = await safeguarding.ReferAsync(OrganisationContext.OrganisationId, Id, new ReferSafeguardingOptions(Concern, WhoIsAtRisk, danger), await GetActorAsync(), HttpContext.RequestAborted);
            return Redirect($"{OrganisationPath}/inbox/{Id}/refer?referral={referral.Id}");
        }
        catch (InvalidRequestException e)
        {
            foreach (var field in new[] { "Concern", "WhoIsAtRisk", "ImmediateDanger", "" })
            {
                if (e.Errors.TryGetValue(field, out var messages))
                {
                    foreach (var message in messages)
                    {
                        AddError(field, message);
                    }
                }
            }

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
        var message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id, ct);
        if (message is null)
        {
            return false;
        }

        Message = message;
        AuthorHandle = await db.PublicAuthors.Where(a => a.Id == message.AuthorId).Select(a => a.Handle).FirstOrDefaultAsync(ct) ?? "";
        ChannelName = await db.Channels.Where(c => c.Id == message.ChannelId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        Earlier = await db.SafeguardingReferrals.AsNoTracking().Where(r => r.MessageId == Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        return true;
    }
}
