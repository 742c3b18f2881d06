using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Inbox;

/// <summary>A shift to add to the on-call rota: who, from and until when (UTC), and their place in the order of paging (0 first).</summary>
public sealed record AddOnCallShiftOptions(Guid? UserId, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? Position);

/// <summary>
/// The out-of-hours on-call rota (004 §6.4.5: flagged to the duty communications manager on call).
/// Managers add and remove shifts (audited OnCallShiftAdded, OnCallShiftRemoved); people set the
/// mobile number their pages are texted to.
/// </summary>
public sealed class OnCallService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>Who may be put on the rota: people who can answer for the communications team.</summary>
    public const OrganisationRoles OnCallRoles = OrganisationRoles.DutyManager | OrganisationRoles.CommunicationsManager | OrganisationRoles.CommunicationsOfficer;

    public const int MaxPosition = 20;
    public static readonly TimeSpan MaxShift = TimeSpan.FromDays(31);

    /// <summary>Adds a shift (audited OnCallShiftAdded); the position is the order of paging counted from 1.</summary>
    public async Task<OnCallShift> AddShiftAsync(Guid organisationId, AddOnCallShiftOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        var name = await ValidateAsync(organisationId, options, errors, ct);
        errors.ThrowIfAny();
        var shift = new OnCallShift
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            UserId = options.UserId!.Value,
            StartsAt = options.StartsAt!.Value.ToUniversalTime(),
            EndsAt = options.EndsAt!.Value.ToUniversalTime(),

            // Shown from 1; stored from 0 (0 is paged first).
            Position = options.Position!.Value - 1,
            CreatedAt = time.GetUtcNow(),
        };
        db.OnCallShifts.Add(shift);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.OnCallShiftAdded, actor, organisationId,
            $"Put {name} on call from {LondonTime.Format(shift.StartsAt)} to {LondonTime.Format(shift.EndsAt)} ({Order(shift.Position)})",
            "OnCallShift", shift.Id.ToString(), new { shift.UserId, shift.StartsAt, shift.EndsAt, position = shift.Position + 1 }), ct);
        return shift;
    }

    /// <summary>Adds the shift's mistakes to <paramref name="errors"/> (fields UserId, StartsAt, EndsAt, Position); returns the person's name.</summary>
    public async Task<string?> ValidateAsync(Guid organisationId, AddOnCallShiftOptions options, ValidationErrors errors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        string? name = null;
        if (options.UserId is not { } userId)
        {
            errors.Add("UserId", "Select who is on call");
        }
        else
        {
            name = await db.Memberships.IgnoreQueryFilters()
                .Where(m => m.OrganisationId == organisationId && m.UserId == userId && (m.Roles & OnCallRoles) != 0)
                .Select(m => m.User!.DisplayName).FirstOrDefaultAsync(ct);
            if (name is null)
            {
                errors.Add("UserId", "Select a duty manager or a member of the communications team in this organisation");
            }
        }

        if (options.StartsAt is null)
        {
            errors.Add("StartsAt", "Enter when the shift starts");
        }

        if (options.EndsAt is not { } end)
        {
            errors.Add("EndsAt", "Enter when the shift ends");
        }
        else if (end <= time.GetUtcNow())
        {
            errors.Add("EndsAt", "The shift must end in the future");
        }
        else if (options.StartsAt is { } start)
        {
            if (end <= start)
            {
                errors.Add("EndsAt", "The shift must end after it starts");
            }
            else if (end - start > MaxShift)
            {
                errors.Add("EndsAt", "A shift can be up to 31 days long");
            }
        }

        if (options.Position is not { } position || position < 1 || position > MaxPosition + 1)
        {
            errors.Add("Position", $"Enter the order of paging as a number from 1 to {MaxPosition + 1}");
        }

        return name;
    }

    public async Task RemoveShiftAsync(Guid organisationId, Guid shiftId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var shift = await db.OnCallShifts.FirstOrDefaultAsync(s => s.Id == shiftId && s.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("On-call shift", shiftId);
        var name = await db.Users.Where(u => u.Id == shift.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "someone";
        db.OnCallShifts.Remove(shift);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.OnCallShiftRemoved, actor, organisationId,
            $"Took {name} off call from {LondonTime.Format(shift.StartsAt)} to {LondonTime.Format(shift.EndsAt)}",
            "OnCallShift", shift.Id.ToString(), new { shift.UserId, shift.StartsAt, shift.EndsAt, position = shift.Position + 1 }), ct);
    }

    /// <summary>
    /// Sets or clears (empty) the person's own mobile number for duty pages by text message; any UK
    /// mobile format is accepted and stored as +447… (audited ProfileUpdated in the account chain).
    /// </summary>
    public async Task<string?> SetMobileNumberAsync(Guid userId, string? number, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("User", userId);
        string? stored = null;
        if (!string.IsNullOrWhiteSpace(number))
        {
            if (!UkMobileNumber.TryNormalise(number, out var normalised))
            {
                throw new InvalidRequestException("MobileNumber", "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982");
            }

            stored = normalised;
        }

        if (user.PhoneNumber == stored)
        {
            return stored;
        }

        user.PhoneNumber = stored;
        user.PhoneNumberConfirmed = false;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ProfileUpdated, actor, null,
            stored is null ? "Removed the mobile number for duty pages" : "Set the mobile number for duty pages", "User", user.Id.ToString()), ct);
        return stored;
    }

    private static string Order(int position) => position == 0 ? "paged first" : $"paged {position + 1}{Suffix(position + 1)}";

    private static string Suffix(int n) => (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
}
