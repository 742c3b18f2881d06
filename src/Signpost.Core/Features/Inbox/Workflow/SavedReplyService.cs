using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Validation;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

public sealed record SaveSavedReplyOptions(string? Title, string? Text, IReadOnlyList<TriageLabel>? SuggestedFor);

/// <summary>
/// The organisation's library of saved replies. Every organisation starts with the signposting
/// replies of 004 §6.5.1 (no medical advice: GP, NHS 111, 999) and the patient experience team
/// (Appendix B), added on first use. Managers add, change and archive them.
/// </summary>
public sealed class SavedReplyService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 5000;

    /// <summary>The replies every organisation starts with, in plain English (NHS content style: short sentences, "you", no jargon).</summary>
    public static IReadOnlyList<(string Title, string Text, TriageLabel[] For)> Defaults(string patientExperienceContact) =>
    [
        ("Medical question: GP, NHS 111 or 999",
            "We cannot give medical advice on social media. For advice about your health, please contact your GP surgery. "
            + "If you need help now, go to 111.nhs.uk or call 111. If someone is seriously ill or injured and their life is at risk, call 999.",
            [TriageLabel.MedicalQuestion]),
        ("Your GP surgery",
            "Your GP surgery is the best place to ask about your care, your medicines or a referral, because they can see your records. "
            + "You can contact them by phone, online or through the NHS App.",
            [TriageLabel.MedicalQuestion, TriageLabel.Enquiry]),
        ("NHS 111 online and by phone",
            "If you need medical help now and it is not an emergency, go to 111.nhs.uk or call 111. NHS 111 is free and you can use it 24 hours a day, 7 days a week.",
            [TriageLabel.MedicalQuestion]),
        ("Emergency: call 999",
            "If someone is seriously ill or injured and their life is at risk, call 999 now. This is a medical emergency.",
            [TriageLabel.ImmediateDanger, TriageLabel.PatientSafety]),
        ("Complaint or concern: patient experience team",
            "We're sorry to hear this. Our patient experience team (PALS) can look into it for you and will keep your details private. "
            + $"Please contact them: {patientExperienceContact}. Please do not share personal details here, because social media is public.",
            [TriageLabel.Complaint, TriageLabel.PatientSafety, TriageLabel.PersonalData, TriageLabel.Criticism]),
    ];

    /// <summary>Every saved reply of the organisation (archived ones last), adding the defaults the first time.</summary>
    public async Task<IReadOnlyList<SavedReply>> ListAsync(Guid organisationId, bool includeArchived, CancellationToken ct = default)
    {
        await EnsureDefaultsAsync(organisationId, ct);
        var query = db.SavedReplies.AsNoTracking().Where(r => r.OrganisationId == organisationId);
        if (!includeArchived)
        {
            query = query.Where(r => !r.Archived);
        }

        return await query.OrderBy(r => r.Archived).ThenBy(r => r.Title).ToListAsync(ct);
    }

    /// <summary>The saved replies for a message: those suited to its labels first.</summary>
    public async Task<IReadOnlyList<SavedReply>> ForMessageAsync(Guid organisationId, int labelBits, CancellationToken ct = default)
    {
        var all = await ListAsync(organisationId, includeArchived: false, ct);
        return [.. all.OrderByDescending(r => (r.SuggestedForBits & labelBits) != 0).ThenBy(r => r.Title, StringComparer.Ordinal)];
    }

    /// <summary>Adds the default library once per organisation (audited SavedReplyCreated by Signpost).</summary>
    public async Task EnsureDefaultsAsync(Guid organisationId, CancellationToken ct = default)
    {
        if (await db.SavedReplies.AnyAsync(r => r.OrganisationId == organisationId, ct))
        {
            return;
        }

#pragma warning disable CA1862 // translated to SQL: lower() on both providers
        var contact = await db.Teams.AsNoTracking().IgnoreQueryFilters()
            .Where(t => t.OrganisationId == organisationId && t.Name.ToLower().Contains("patient experience") && t.Email != null)
            .Select(t => t.Email).FirstOrDefaultAsync(ct);
#pragma warning restore CA1862
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await audit.LockChainsAsync([organisationId], ct);

        // Two first uses at once: the second finds the first one's replies under the chain lock.
        if (await db.SavedReplies.AnyAsync(r => r.OrganisationId == organisationId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var records = new List<AuditRecord>();
        foreach (var (title, text, labels) in Defaults(contact ?? "through the contact page of our website"))
        {
            var reply = new SavedReply
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = organisationId,
                Title = title,
                Text = text,
                SuggestedForBits = InboxLabels.ToBits(labels),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.SavedReplies.Add(reply);
            records.Add(new AuditRecord(AuditEventCode.SavedReplyCreated, Actor.System, organisationId, $"Added the saved reply \u201C{title}\u201D to the library", "SavedReply", reply.Id.ToString(),
                new { title, text, suggestedFor = labels.Select(l => l.ToCode()) }));
        }

        await audit.SaveChangesAsync(records, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<SavedReply> CreateAsync(Guid organisationId, SaveSavedReplyOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var (title, text, bits) = Validate(options);
        await EnsureDefaultsAsync(organisationId, ct);
        var now = time.GetUtcNow();
        var reply = new SavedReply { Id = Guid.CreateVersion7(), OrganisationId = organisationId, Title = title, Text = text, SuggestedForBits = bits, CreatedAt = now, UpdatedAt = now };
        db.SavedReplies.Add(reply);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SavedReplyCreated, actor, organisationId, $"Added the saved reply \u201C{title}\u201D to the library", "SavedReply", reply.Id.ToString(),
            new { title, text, suggestedFor = InboxLabels.FromBits(bits).Select(l => l.ToCode()) }), ct);
        return reply;
    }

    public async Task UpdateAsync(Guid organisationId, Guid id, SaveSavedReplyOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var reply = await FindAsync(organisationId, id, ct);
        var (title, text, bits) = Validate(options);
        var diff = AuditRecord.Diff(("title", reply.Title, title), ("text", reply.Text, text), ("suggestedForBits", reply.SuggestedForBits, bits));
        reply.Title = title;
        reply.Text = text;
        reply.SuggestedForBits = bits;
        reply.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SavedReplyUpdated, actor, organisationId, $"Changed the saved reply \u201C{title}\u201D", "SavedReply", id.ToString(), diff), ct);
    }

    /// <summary>Archives (or brings back) a saved reply: replies already sent keep pointing at it.</summary>
    public async Task SetArchivedAsync(Guid organisationId, Guid id, bool archived, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var reply = await FindAsync(organisationId, id, ct);
        if (reply.Archived == archived)
        {
            return;
        }

        reply.Archived = archived;
        reply.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(archived ? AuditEventCode.SavedReplyArchived : AuditEventCode.SavedReplyUpdated, actor, organisationId,
            archived ? $"Archived the saved reply \u201C{reply.Title}\u201D" : $"Brought back the saved reply \u201C{reply.Title}\u201D", "SavedReply", id.ToString(),
            AuditRecord.Diff(("archived", !archived, archived))), ct);
    }

    private async Task<SavedReply> FindAsync(Guid organisationId, Guid id, CancellationToken ct) =>
        await db.SavedReplies.FirstOrDefaultAsync(r => r.Id == id && r.OrganisationId == organisationId, ct) ?? throw new NotFoundException("Saved reply", id);

    private static (string Title, string Text, int Bits) Validate(SaveSavedReplyOptions options)
    {
        var title = options.Title?.Trim() ?? "";
        var text = (options.Text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new ValidationErrors();
        errors.Required("Title", title, "Enter a title");
        errors.MaxLength("Title", title, TitleMaxLength, "Title");
        errors.Required("Text", text, "Enter the reply");
        errors.MaxLength("Text", text, TextMaxLength, "Reply");
        errors.ThrowIfAny();
        return (title, text, InboxLabels.ToBits(options.SuggestedFor ?? []));
    }
}
