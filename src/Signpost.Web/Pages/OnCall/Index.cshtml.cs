using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.OnCall;

public sealed record ShiftRow(Guid Id, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Position, bool HasMobile, bool Now);

/// <summary>
/// The out-of-hours on-call rota (004 §6.4.5): who is paged now, and the shifts to come. Everyone in
/// the communications team and the duty managers see it; managers add and remove shifts.
/// </summary>
[RequireRoles(Viewers)]
public sealed class IndexModel(AppDbContext db, DutyPagingService paging, OnCallService onCall, TimeProvider time) : SignpostPageModel
{
    public const OrganisationRoles Viewers = DutyPagingService.Team | DutyPagingService.Managers;

    [BindProperty]
    public ShiftInput Input { get; set; } = new();

    [BindProperty]
    public Guid ShiftId { get; set; }

    public IReadOnlyList<OnCallPerson> OnCallNow { get; private set; } = [];
    public IReadOnlyList<ShiftRow> Shifts { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> People { get; private set; } = [];
    public IReadOnlyList<DutyPageSummary> OpenPages { get; private set; } = [];
    public bool IsManager => OrganisationContext.Has(DutyPagingService.Managers);
    public bool MyMobileMissing { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.Position = "1";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!IsManager)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var errors = new ValidationErrors();
        var starts = ReadWhen(Input.StartDay, Input.StartTime, "StartsAt", "The start date", errors);
        var ends = ReadWhen(Input.EndDay, Input.EndTime, "EndsAt", "The end date", errors);
        Guid? userId = Guid.TryParse(Input.UserId, out var u) ? u : null;
        int? position = int.TryParse(Input.Position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
        var options = new AddOnCallShiftOptions(userId, starts, ends, position);
        var ct = HttpContext.RequestAborted;
        var found = errors.ToException().Errors;
        var checks = new ValidationErrors();
        await onCall.ValidateAsync(OrganisationContext.OrganisationId, options, checks, ct);
        if (found.Count == 0 && !checks.Any)
        {
            try
            {
                var shift = await onCall.AddShiftAsync(OrganisationContext.OrganisationId, options, await GetActorAsync(), ct);
                return RedirectWithNotification($"{OrganisationPath}/on-call", $"The shift from {Core.Time.LondonTime.Format(shift.StartsAt)} has been added to the rota");
            }
            catch (InvalidRequestException e)
            {
                ShowErrors(e.Errors);
                await LoadAsync();
                return Page();
            }
        }

        // Every mistake at once: the date and time boxes' own, then the rest of the form's (not
        // "enter when it starts" again for a date already said to be wrong).
        var all = found.ToDictionary(x => x.Key, x => x.Value);
        foreach (var (field, messages) in checks.ToException().Errors)
        {
            if (all.Keys.Any(k => k.StartsWith(field, StringComparison.Ordinal)) && field is "StartsAt" or "EndsAt")
            {
                continue;
            }

            all[field] = messages;
        }

        ShowErrors(all);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        if (!IsManager)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            await onCall.RemoveShiftAsync(OrganisationContext.OrganisationId, ShiftId, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/on-call", "The shift has been removed from the rota");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private static DateTimeOffset? ReadWhen(DateParts day, string? timeText, string field, string label, ValidationErrors errors)
    {
        var date = day.Parse(label, out var dateError);
        if (dateError is not null)
        {
            errors.Add(field + "Day", dateError);
        }
        else if (date is null)
        {
            errors.Add(field + "Day", $"Enter {label.ToLowerInvariant()}");
        }

        TimeOnly? time = null;
        if (string.IsNullOrWhiteSpace(timeText))
        {
            errors.Add(field + "Time", "Enter a time, like 5pm or 17:00");
        }
        else if (PostTimes.TryParseTime(timeText, out var t))
        {
            time = t;
        }
        else
        {
            errors.Add(field + "Time", "Enter a real time, like 5pm or 17:00");
        }

        if (date is null || time is null)
        {
            return null;
        }

        try
        {
            return PostTimes.Resolve(date.Value, time.Value, LondonClock.Gmt, field);
        }
        catch (InvalidRequestException e)
        {
            errors.Add(field + "Time", e.Errors.SelectMany(x => x.Value).First());
            return null;
        }
    }

    private void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        var map = new Dictionary<string, string>
        {
            ["UserId"] = "Input.UserId",
            ["StartsAtDay"] = "Input.StartDay",
            ["StartsAt"] = "Input.StartDay",
            ["StartsAtTime"] = "Input.StartTime",
            ["EndsAtDay"] = "Input.EndDay",
            ["EndsAt"] = "Input.EndDay",
            ["EndsAtTime"] = "Input.EndTime",
            ["Position"] = "Input.Position",
        };
        foreach (var field in new[] { "UserId", "StartsAtDay", "StartsAt", "StartsAtTime", "EndsAtDay", "EndsAt", "EndsAtTime", "Position", "" })
        {
            foreach (var message in errors.TryGetValue(field, out var messages) ? messages : [])
            {
                AddError(map.TryGetValue(field, out var key) ? key : "", message);
            }
        }
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        var now = time.GetUtcNow();
        OnCallNow = await paging.OnCallNowAsync(organisationId, ct);
        var shifts = await db.OnCallShifts.AsNoTracking().Where(s => s.EndsAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, u.DisplayName, s.StartsAt, s.EndsAt, s.Position, u.PhoneNumber })
            .ToListAsync(ct);
        Shifts = [.. shifts.OrderBy(s => s.StartsAt).ThenBy(s => s.Position)
            .Select(s => new ShiftRow(s.Id, s.DisplayName, s.StartsAt, s.EndsAt, s.Position, !string.IsNullOrEmpty(s.PhoneNumber), s.StartsAt <= now))];
        var people = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && (m.Roles & OnCallService.OnCallRoles) != 0)
            .Select(m => new { m.UserId, m.User!.DisplayName, m.Roles }).ToListAsync(ct);
        People = [("", "Select a person"), .. people.OrderBy(p => p.DisplayName, StringComparer.Ordinal)
            .Select(p => (p.UserId.ToString(), $"{p.DisplayName} ({OrganisationRoleNames.Describe(p.Roles & OnCallService.OnCallRoles)})"))];
        var userId = OrganisationContext.UserId;
        MyMobileMissing = await db.Users.Where(u => u.Id == userId).Select(u => u.PhoneNumber).FirstOrDefaultAsync(ct) is null or "";
        OpenPages = await db.DutyPages.AsNoTracking()
            .Where(p => p.AcknowledgedAt == null && p.EscalatedAt == null && !db.DutyPages.Any(o => o.MessageId == p.MessageId && o.AcknowledgedAt != null))
            .OrderByDescending(p => p.PagedAt).Take(20)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new DutyPageSummary(p.Id, u.DisplayName, p.PagedAt, p.AcknowledgeBy))
            .ToListAsync(ct);
    }

    public sealed class ShiftInput
    {
        public string? UserId { get; set; }
        public DateParts StartDay { get; set; } = new();
        public string? StartTime { get; set; }
        public DateParts EndDay { get; set; } = new();
        public string? EndTime { get; set; }
        public string? Position { get; set; }
    }
}

public sealed record DutyPageSummary(Guid Id, string PersonName, DateTimeOffset PagedAt, DateTimeOffset AcknowledgeBy);
