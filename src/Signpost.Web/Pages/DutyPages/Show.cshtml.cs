using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.DutyPages;

/// <summary>One page of the duty rota as the page shows it, with how its text message went.</summary>
public sealed record DutyPageRow(DutyPage Page, string PersonName, string? AcknowledgedByName, string TextMessage);

/// <summary>
/// A duty page (004 §6.4.5): the urgent message it is about, who was paged and when, whether it has
/// been acknowledged, and how its text message went. The person paged, or a communications or duty
/// manager, acknowledges it here, which stops the re-paging. The email and the text message link here.
/// </summary>
public sealed class ShowModel(AppDbContext db, DutyPagingService paging, SmsOptions sms) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PageId { get; set; }

    public DutyPage DutyPage { get; private set; } = null!;
    public InboxMessage Message { get; private set; } = null!;
    public string ChannelName { get; private set; } = "";
    public string AuthorHandle { get; private set; } = "";
    public IReadOnlyList<DutyPageRow> History { get; private set; } = [];
    public bool MayAcknowledge { get; private set; }
    public bool IsAcknowledged => History.Any(h => h.Page.AcknowledgedAt is not null);
    public DutyPageRow This => History.First(h => h.Page.Id == PageId);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is { } problem ? problem : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } problem)
        {
            return problem;
        }

        if (!MayAcknowledge)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            await paging.AcknowledgeAsync(OrganisationContext.OrganisationId, PageId, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/pages/{PageId}", "You have acknowledged the page. Nobody else will be paged about this message");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var page = await db.DutyPages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PageId, ct);
        if (page is null)
        {
            return NotFound();
        }

        var userId = OrganisationContext.UserId;
        if (page.UserId != userId && !OrganisationContext.Has(DutyPagingService.Managers | DutyPagingService.Team))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        DutyPage = page;
        Message = await db.InboxMessages.AsNoTracking().FirstAsync(m => m.Id == page.MessageId, ct);
        ChannelName = await db.Channels.Where(c => c.Id == Message.ChannelId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        AuthorHandle = await db.PublicAuthors.Where(a => a.Id == Message.AuthorId).Select(a => a.Handle).FirstOrDefaultAsync(ct) ?? "";
        MayAcknowledge = await paging.MayAcknowledgeAsync(OrganisationContext.OrganisationId, page, userId, ct);

        var pages = await db.DutyPages.AsNoTracking().Where(p => p.MessageId == page.MessageId).OrderBy(p => p.Level).ToListAsync(ct);
        var people = pages.Select(p => p.UserId).Concat(pages.Where(p => p.AcknowledgedByUserId != null).Select(p => p.AcknowledgedByUserId!.Value)).Distinct().ToList();
        var users = await db.Users.Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.PhoneNumber }).ToDictionaryAsync(u => u.Id, ct);
        var references = pages.Select(p => p.Id.ToString()).ToList();
        var texts = await db.OutboxTextMessages.AsNoTracking().Where(s => references.Contains(s.Reference)).ToListAsync(ct);
        History = [.. pages.Select(p => new DutyPageRow(p,
            users.TryGetValue(p.UserId, out var u) ? u.DisplayName : "Someone who has left",
            p.AcknowledgedByUserId is { } by && users.TryGetValue(by, out var a) ? a.DisplayName : null,
            TextMessageState(texts.FirstOrDefault(t => t.Reference == p.Id.ToString()), users.TryGetValue(p.UserId, out var v) ? v.PhoneNumber : null)))];
        return null;
    }

    /// <summary>What happened to the page's text message, in words: sent, waiting, failed (with Notify's reason), or why none was sent.</summary>
    private string TextMessageState(OutboxSms? text, string? mobile)
    {
        if (text is not null)
        {
            var to = UkMobileNumber.Display(text.PhoneNumber);
            if (text.SentAt is { } sent)
            {
                return $"Sent to {to} through GOV.UK Notify at {Core.Time.LondonTime.Format(sent)}";
            }

            if (text.FailedAt is not null)
            {
                return $"Not sent to {to}: {text.LastError}";
            }

            return text.Attempts == 0
                ? $"Waiting to be sent to {to}"
                : $"Not sent to {to} yet ({text.Attempts} {(text.Attempts == 1 ? "try" : "tries")}): {text.LastError}. Signpost will try again at {Core.Time.LondonTime.Format(text.SendAfter)}";
        }

        if (sms.NotConfiguredReason is { } reason)
        {
            return $"None sent. {reason} The page went by email and in Signpost only.";
        }

        return string.IsNullOrWhiteSpace(mobile)
            ? "None sent: no mobile number on their profile. The page went by email and in Signpost only."
            : "None sent: text messages were not set up when the page was made. The page went by email and in Signpost only.";
    }
}
