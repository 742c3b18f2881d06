using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Validation;
using Signpost.Policy;

namespace Signpost.Core.Features.Inbox;

/// <summary>What a manager sets for the inbox.</summary>
public sealed record SaveInboxSettingsOptions(
    int? ResponseTargetMinutes,
    bool AutoReplyEnabled,
    string? AutoReplyText,
    int? StrikeThreshold,
    int? PageAcknowledgeMinutes,
    string? BlockedWords);

/// <summary>
/// An organisation's inbox settings (managers): the first-response target (004 §6.4.1), the
/// out-of-hours automatic reply (§6.4.2), the strike threshold (000 §3.4), how long a duty page waits
/// for acknowledgement (§6.4.5) and blocked words. Other parts of the inbox read them through
/// <see cref="GetAsync"/>, which gives the defaults until a manager saves.
/// </summary>
public sealed class InboxSettingsService(AppDbContext db, AuditTrail audit, TimeProvider time, PolicyEngineCache engines)
{
    public const int AutoReplyMaxLength = 1000;
    public const int BlockedWordsMaxLength = 20_000;

    /// <summary>004 §6.4.2: the automatic reply gives the working hours and where to get help now.</summary>
    public const string DefaultAutoReplyText =
        "Thank you for your message. Our team reads messages from 9am to 5pm, Monday to Friday, except bank holidays, and we will reply on the next working day. "
        + "If you need medical help now, go to 111.nhs.uk or call 111. In an emergency, call 999.";

    /// <summary>The stored settings, or the defaults (not saved) when none are stored.</summary>
    public static async Task<InboxSettings> GetAsync(AppDbContext db, Guid organisationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.InboxSettings.AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(s => s.OrganisationId == organisationId, ct)
            ?? new InboxSettings { OrganisationId = organisationId, AutoReplyText = DefaultAutoReplyText };
    }

    public Task<InboxSettings> GetAsync(Guid organisationId, CancellationToken ct = default) => GetAsync(db, organisationId, ct);

    /// <summary>Saves the settings (audited InboxSettingsUpdated). The automatic reply is checked by the policy engine: an error stops the save.</summary>
    public async Task SaveAsync(Organisation organisation, SaveInboxSettingsOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        if (options.ResponseTargetMinutes is not { } target || target is < 15 or > 2400)
        {
            errors.Add("ResponseTargetMinutes", "Enter a response target between 15 and 2400 minutes of working time");
        }

        var text = string.IsNullOrWhiteSpace(options.AutoReplyText) ? "" : options.AutoReplyText.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (options.AutoReplyEnabled)
        {
            errors.Required("AutoReplyText", text, "Enter the automatic reply, or turn it off");
        }

        errors.MaxLength("AutoReplyText", text, AutoReplyMaxLength, "Automatic reply");
        if (text.Length > 0 && text.Length <= AutoReplyMaxLength)
        {
            // The automatic reply goes out in the organisation's name: the policy's errors stop it.
            foreach (var finding in engines.For(organisation).Policy.Check(new Post { Text = text, Platform = Platform.Facebook }).Where(f => f.Severity == Severity.Error))
            {
                errors.Add("AutoReplyText", $"{finding.Message} ({finding.Code})");
            }
        }

        if (options.StrikeThreshold is not { } strikes || strikes is < 1 or > 50)
        {
            errors.Add("StrikeThreshold", "Enter a number of strikes between 1 and 50");
        }

        if (options.PageAcknowledgeMinutes is not { } ack || ack is < 1 or > 240)
        {
            errors.Add("PageAcknowledgeMinutes", "Enter a number of minutes between 1 and 240");
        }

        var words = string.Join("\n", (options.BlockedWords ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        errors.MaxLength("BlockedWords", words, BlockedWordsMaxLength, "Blocked words");
        errors.ThrowIfAny();

        var settings = await db.InboxSettings.FirstOrDefaultAsync(s => s.OrganisationId == organisation.Id, ct);
        var before = settings is null ? await GetAsync(organisation.Id, ct) : Copy(settings);
        if (settings is null)
        {
            settings = new InboxSettings { OrganisationId = organisation.Id };
            db.InboxSettings.Add(settings);
        }

        settings.ResponseTargetMinutes = options.ResponseTargetMinutes!.Value;
        settings.AutoReplyEnabled = options.AutoReplyEnabled;
        settings.AutoReplyText = text;
        settings.StrikeThreshold = options.StrikeThreshold!.Value;
        settings.PageAcknowledgeMinutes = options.PageAcknowledgeMinutes!.Value;
        settings.BlockedWords = words;
        settings.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxSettingsUpdated, actor, organisation.Id, "Changed the inbox settings", "InboxSettings", organisation.Id.ToString(),
            AuditRecord.Diff(
                ("responseTargetMinutes", before.ResponseTargetMinutes, settings.ResponseTargetMinutes),
                ("autoReplyEnabled", before.AutoReplyEnabled, settings.AutoReplyEnabled),
                ("autoReplyText", before.AutoReplyText, settings.AutoReplyText),
                ("strikeThreshold", before.StrikeThreshold, settings.StrikeThreshold),
                ("pageAcknowledgeMinutes", before.PageAcknowledgeMinutes, settings.PageAcknowledgeMinutes),
                ("blockedWords", before.BlockedWords, settings.BlockedWords))), ct);
    }

    private static InboxSettings Copy(InboxSettings s) => new()
    {
        OrganisationId = s.OrganisationId,
        ResponseTargetMinutes = s.ResponseTargetMinutes,
        AutoReplyEnabled = s.AutoReplyEnabled,
        AutoReplyText = s.AutoReplyText,
        StrikeThreshold = s.StrikeThreshold,
        PageAcknowledgeMinutes = s.PageAcknowledgeMinutes,
        BlockedWords = s.BlockedWords,
    };
}
