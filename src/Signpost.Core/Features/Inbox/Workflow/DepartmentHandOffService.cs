using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Validation;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

public sealed record HandOffOptions(string? Department, string? Email, string? Question, bool IncludesPersonalData);

/// <summary>What the department's answer page shows: the question and the message, never more.</summary>
public sealed record HandOffForDepartment(Guid Id, string OrganisationName, string Department, string Question, string MessageText, string SentByName, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, bool Answered);

/// <summary>
/// Hand-off to another department (004 §6.4.4: comments that need another department's input are
/// passed to the right person) and personal data (004 §6.5.2: details people send are passed to the
/// right department, then deleted). The department answers through a link with a secret: only its
/// SHA-256 is stored, and it expires. Once a hand-off that passed personal data on is confirmed, the
/// message can be redacted inside Signpost; the audit trail records the categories, when and who,
/// never the data.
/// </summary>
public sealed class DepartmentHandOffService(AppDbContext db, AuditTrail audit, TimeProvider time, NotificationService notifications)
{
    public const int QuestionMaxLength = 5000;
    public const int AnswerMaxLength = 10_000;
    public const int NameMaxLength = 200;

    /// <summary>How long a department's answer link works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(14);

    /// <summary>The categories of personal data the triage finds (RULES.md personal_data), as people name them.</summary>
    public static IReadOnlyList<string> Categories { get; } = ["NHS number", "phone number", "postcode", "address", "date of birth", "email address", "other personal details"];

    /// <summary>Sends the question to the department by email with an answer link (audited InboxHandedOff); the message waits for the department.</summary>
    /// <returns>The hand-off and the secret for its link (only ever in the email).</returns>
    public async Task<(DepartmentHandOff HandOff, string Token)> HandOffAsync(Guid organisationId, Guid messageId, HandOffOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var department = options.Department?.Trim();
        var email = options.Email?.Trim();
        var question = options.Question?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new ValidationErrors();
        errors.Required("Department", department, "Enter the department");
        errors.MaxLength("Department", department, 200, "Department");
        if (string.IsNullOrEmpty(email))
        {
            errors.Add("Email", "Enter the department's email address");
        }
        else if (!EmailAddress.IsValid(email))
        {
            errors.Add("Email", "Enter an email address in the correct format, like pals@nhs.net");
        }

        errors.Required("Question", question, "Enter what you would like the department to answer");
        errors.MaxLength("Question", question, QuestionMaxLength, "Question");
        errors.ThrowIfAny();

        var message = await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Message", messageId);
        var organisation = await db.Organisations.AsNoTracking().IgnoreQueryFilters().Where(o => o.Id == organisationId).Select(o => o.Name).FirstAsync(ct);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var handOff = new DepartmentHandOff
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            MessageId = messageId,
            Department = department!,
            Email = email!,
            Question = question!,
            TokenHash = Hash(token),
            SentByUserId = actor.UserId,
            SentByName = actor.Name,
            SentAt = now,
            IncludesPersonalData = options.IncludesPersonalData,
        };
        db.DepartmentHandOffs.Add(handOff);
        var before = message.Status;
        message.Status = InboxStatus.AwaitingDepartment;

        // Passing it to the right person is the organisation's first response (004 §6.4.4).
        message.FirstRespondedAt ??= now;
        message.Version++;
        message.UpdatedAt = now;

        var link = notifications.AbsoluteLink($"/handoff/{token}");
        notifications.QueueEmail(organisationId, handOff.Email, $"A question for {handOff.Department} from the {organisation} communications team",
            $"Hello,\n\n{actor.Name} in the communications team has passed you a question from a member of the public on social media, because it needs your department's answer.\n\n"
            + $"{handOff.Question}\n\nRead the message and give your answer here (no sign-in needed; the link works until {Time.LondonTime.Format(now + LinkLifetime)}):\n{link}\n\n"
            + (handOff.IncludesPersonalData ? "The message contains personal details. Keep them as your department's records policy says; Signpost will delete its copy.\n\n" : "")
            + "The communications team will reply to the person publicly using your answer.\n");
        try
        {
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxHandedOff, actor, organisationId, $"Passed a message to {handOff.Department} for an answer", "InboxMessage", messageId.ToString(),
                new { handOffId = handOff.Id, handOff.Department, handOff.Email, handOff.IncludesPersonalData, status = new { from = before.ToString(), to = message.Status.ToString() } }), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new InvalidRequestException("", InboxService.ConcurrencyMessage);
        }

        return (handOff, token);
    }

    /// <summary>The hand-off a link's secret opens, or null when it is unknown or expired.</summary>
    public async Task<HandOffForDepartment?> FindByTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var found = await db.DepartmentHandOffs.AsNoTracking().IgnoreQueryFilters().Where(h => h.TokenHash == hash)
            .Join(db.InboxMessages.AsNoTracking().IgnoreQueryFilters(), h => h.MessageId, m => m.Id, (h, m) => new { h, m.Text })
            .Join(db.Organisations.AsNoTracking().IgnoreQueryFilters(), x => x.h.OrganisationId, o => o.Id, (x, o) => new { x.h, x.Text, o.Name })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.h.SentAt + LinkLifetime < time.GetUtcNow())
        {
            return null;
        }

        return new HandOffForDepartment(found.h.Id, found.Name, found.h.Department, found.h.Question, found.Text, found.h.SentByName, found.h.SentAt, found.h.SentAt + LinkLifetime, found.h.AnsweredAt is not null);
    }

    /// <summary>
    /// The department's answer through its link (audited InboxHandOffAnswered). The person who handed
    /// it off and the assignee are told in the app and by email; the message is the team's again.
    /// </summary>
    public async Task AnswerAsync(string token, string? answer, string? answeredBy, CancellationToken ct = default)
    {
        var text = answer?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var name = answeredBy?.Trim();
        var errors = new ValidationErrors();
        errors.Required("Answer", text, "Enter your answer");
        errors.MaxLength("Answer", text, AnswerMaxLength, "Answer");
        errors.Required("AnsweredBy", name, "Enter your name");
        errors.MaxLength("AnsweredBy", name, NameMaxLength, "Your name");
        errors.ThrowIfAny();

        var found = await FindByTokenAsync(token, ct) ?? throw new NotFoundException("This link does not work: it may have expired.");
        if (found.Answered)
        {
            throw new InvalidRequestException("", "This question has already been answered. Thank you.");
        }

        var handOff = await db.DepartmentHandOffs.IgnoreQueryFilters().FirstAsync(h => h.Id == found.Id, ct);
        var message = await db.InboxMessages.IgnoreQueryFilters().FirstAsync(m => m.Id == handOff.MessageId, ct);
        var now = time.GetUtcNow();
        handOff.Answer = text;
        handOff.AnsweredBy = name;
        handOff.AnsweredAt = now;
        if (message.Status == InboxStatus.AwaitingDepartment)
        {
            message.Status = message.AssigneeUserId is null ? InboxStatus.New : InboxStatus.Assigned;
            message.Version++;
            message.UpdatedAt = now;
        }

        var slug = await db.Organisations.AsNoTracking().IgnoreQueryFilters().Where(o => o.Id == handOff.OrganisationId).Select(o => o.Slug).FirstAsync(ct);
        var people = new[] { handOff.SentByUserId, message.AssigneeUserId }.Where(id => id is not null).Select(id => id!.Value).Distinct();
        await notifications.NotifyAsync(handOff.OrganisationId, people, new NotificationMessage("inbox-handoff-answered",
            $"{handOff.Department} has answered a question you passed on",
            $"{name} answered. Reply to the person publicly using the answer.", $"/o/{slug}/inbox/{message.Id}"), sendEmail: true, ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxHandOffAnswered, Actor.Anonymous($"{name} ({handOff.Department})"), handOff.OrganisationId,
            $"{handOff.Department} answered a question passed on by the communications team", "InboxMessage", message.Id.ToString(),
            new { handOffId = handOff.Id, answeredBy = name }), ct);
    }

    /// <summary>The communications person confirms the department has what it needs (audited InboxHandOffConfirmed): a hand-off with personal data then lets the message be redacted.</summary>
    public async Task ConfirmAsync(Guid organisationId, Guid handOffId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var handOff = await db.DepartmentHandOffs.FirstOrDefaultAsync(h => h.Id == handOffId && h.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Hand-off", handOffId);
        if (handOff.ConfirmedAt is not null)
        {
            return;
        }

        handOff.ConfirmedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxHandOffConfirmed, actor, organisationId, $"Confirmed that {handOff.Department} has the message", "InboxMessage", handOff.MessageId.ToString(),
            new { handOffId, handOff.IncludesPersonalData }), ct);
    }

    /// <summary>
    /// 004 §6.5.2: deletes the personal data from Signpost's copy once a hand-off that passed it on
    /// is confirmed. The text becomes "[redacted: categories]", the triage evidence is emptied, and
    /// the hand-off questions are cleared; the audit event (InboxMessageRedacted) has the categories,
    /// when and who, and none of the data.
    /// </summary>
    public async Task RedactAsync(Guid organisationId, Guid messageId, IReadOnlyList<string>? categories, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var chosen = (categories ?? []).Where(c => Categories.Contains(c)).Distinct().OrderBy(c => Categories.ToList().IndexOf(c)).ToList();
        if (chosen.Count == 0)
        {
            throw new InvalidRequestException("Categories", "Select the kinds of personal data in the message");
        }

        var message = await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Message", messageId);
        if (message.RedactedAt is not null)
        {
            throw new InvalidRequestException("", "This message has already been redacted.");
        }

        var handOffs = await db.DepartmentHandOffs.Where(h => h.MessageId == messageId).ToListAsync(ct);
        if (!handOffs.Any(h => h.IncludesPersonalData && h.ConfirmedAt is not null))
        {
            throw new InvalidRequestException("", "Pass the message to the right department and confirm they have it before redacting it: the details must not be lost (004 §6.5.2).");
        }

        var joined = string.Join(", ", chosen);
        var now = time.GetUtcNow();
        message.Text = $"[redacted: {joined}]";
        message.TriageReasonsJson = "[]";
        message.RedactedAt = now;
        message.RedactedByUserId = actor.UserId;
        message.RedactedCategories = joined;
        message.Version++;
        message.UpdatedAt = now;
        foreach (var handOff in handOffs)
        {
            handOff.Question = $"[redacted: {joined}]";
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxMessageRedacted, actor, organisationId, $"Redacted personal data from a message ({joined})", "InboxMessage", messageId.ToString(),
            new { categories = chosen, redactedAt = now }), ct);
    }

    /// <summary>The categories the triage found in a message's evidence, for the redaction form's first choice.</summary>
    public static IReadOnlyList<string> DetectedCategories(IReadOnlyList<TriageReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var found = new List<string>();
        foreach (var reason in reasons.Where(r => r.Label == TriageLabel.PersonalData))
        {
            var rule = reason.Rule.ToLowerInvariant();
            var category = rule.Contains("nhs number", StringComparison.Ordinal) || rule.Contains("ten digits", StringComparison.Ordinal) ? "NHS number"
                : rule.Contains("phone", StringComparison.Ordinal) || rule.Contains("mobile", StringComparison.Ordinal) ? "phone number"
                : rule.Contains("postcode", StringComparison.Ordinal) ? "postcode"
                : rule.Contains("address", StringComparison.Ordinal) && rule.Contains("email", StringComparison.Ordinal) ? "email address"
                : rule.Contains("street", StringComparison.Ordinal) || rule.Contains("address", StringComparison.Ordinal) ? "address"
                : rule.Contains("birth", StringComparison.Ordinal) ? "date of birth"
                : "other personal details";
            if (!found.Contains(category))
            {
                found.Add(category);
            }
        }

        return found;
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
}
