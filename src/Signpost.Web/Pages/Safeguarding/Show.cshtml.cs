using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms.Inbox;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Safeguarding;

/// <summary>
/// One referral for the safeguarding leads: the concern, the evidence kept when it was referred,
/// its status, lead and outcome, and reporting the message to the platform (000 §6.1).
/// </summary>
[RequireRoles(OrganisationRoles.SafeguardingLead)]
public sealed class ShowModel(AppDbContext db, SafeguardingService safeguarding) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? LeadUserId { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? ReportNote { get; set; }

    public SafeguardingReferral Referral { get; private set; } = null!;
    public SafeguardingEvidence? Evidence { get; private set; }
    public IReadOnlyList<(string Value, string Text)> Leads { get; private set; } = [];
    public IReadOnlyList<ModerationRecord> Reports { get; private set; } = [];
    public InboxMessage? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Status = Referral.Status.ToString();
        LeadUserId = Referral.LeadUserId?.ToString();
        Outcome = Referral.Outcome;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        SafeguardingStatus? status = Enum.TryParse<SafeguardingStatus>(Status, out var s) && Enum.IsDefined(s) ? s : null;
        Guid? lead = Guid.TryParse(LeadUserId, out var l) ? l : null;
        try
        {
            await safeguarding.UpdateAsync(OrganisationContext.OrganisationId, Id, new UpdateSafeguardingOptions(status, lead, Outcome), await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/safeguarding/{Id}", "The referral has been updated");
        }
        catch (InvalidRequestException e)
        {
            foreach (var field in new[] { "Status", "LeadUserId", "Outcome", "" })
            {
                foreach (var message in e.Errors.TryGetValue(field, out var messages) ? messages : [])
                {
                    AddError(field, message);
                }
            }

            return Page();
        }
    }

    public async Task<IActionResult> OnPostReportAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            var record = await safeguarding.ReportToPlatformAsync(OrganisationContext.OrganisationId, Id, ReportNote, await GetActorAsync(), HttpContext.RequestAborted);
            return record.Outcome switch
            {
                ModerationOutcome.Done => RedirectWithNotification($"{OrganisationPath}/safeguarding/{Id}", "The message has been reported to the platform"),
                ModerationOutcome.NotSupported => RedirectWithNotification($"{OrganisationPath}/safeguarding/{Id}",
                    "This platform has no way for Signpost to report a message: the report is recorded here. Report it on the platform's own website"),
                _ => ReportFailed(record.Error),
            };
        }
        catch (InvalidRequestException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                AddError("ReportNote", message);
            }

            return Page();
        }
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult ReportFailed(string? error)
    {
        AddError("ReportNote", $"The platform did not accept the report: {error ?? "no reason given"}. Try again, or report it on the platform's own website");
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var referral = await db.SafeguardingReferrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (referral is null)
        {
            return false;
        }

        Referral = referral;
        Evidence = SafeguardingEvidence.FromJson(referral.EvidenceJson);
        Message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == referral.MessageId, ct);
        var organisationId = OrganisationContext.OrganisationId;
        var leads = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && (m.Roles & OrganisationRoles.SafeguardingLead) != 0)
            .Select(m => new { m.UserId, m.User!.DisplayName }).ToListAsync(ct);
        Leads = [("", "Not assigned"), .. leads.OrderBy(x => x.DisplayName, StringComparer.Ordinal).Select(x => (x.UserId.ToString(), x.DisplayName))];
        Reports = await db.ModerationRecords.AsNoTracking()
            .Where(r => r.MessageId == referral.MessageId && r.Action == ModerationAction.Report)
            .OrderBy(r => r.CreatedAt).ToListAsync(ct);
        return true;
    }
}
