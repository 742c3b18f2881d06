using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Audit;

/// <summary>
/// The audit trail for auditors (004 §5.6, §7): every change, filterable, exportable as CSV, and
/// checkable for tampering (001 §6.0, 003 §7.3).
/// </summary>
[RequireRoles(OrganisationRoles.Auditor | OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db, AuditChainVerifier verifier, AuditTrail audit) : SignpostPageModel
{
    // The explicit name stops model binding falling back to no prefix when the query has no
    // Filter.* values: it would then bind Filter.Page from the Razor Pages route value "page"
    // ("/Audit/Index") and show "Enter a valid page" on the plain /audit link.
    [BindProperty(SupportsGet = true, Name = nameof(Filter))]
    public AuditFilter Filter { get; set; } = new();

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + AuditFilter.PageSize - 1) / AuditFilter.PageSize);
    public AuditChainReport? Verification { get; private set; }

    public string CodeValue => Filter.Code?.ToString(CultureInfo.InvariantCulture) ?? "";
    public string? FromValue => Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public string? ToValue => Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlyList<(string Value, string Text)> CodeOptions { get; } =
        [("", "All events"), .. Enum.GetValues<AuditEventCode>().OrderBy(c => (int)c).Select(c => (((int)c).ToString(CultureInfo.InvariantCulture), $"{(int)c} {Describe(c)}"))];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!TryValidate())
        {
            return Page();
        }

        var query = Filter.Apply(db.AuditEvents.AsNoTracking());
        Total = await query.CountAsync(HttpContext.RequestAborted);
        Events = await query.OrderByDescending(e => e.Sequence)
            .Skip((Filter.PageNumber - 1) * AuditFilter.PageSize).Take(AuditFilter.PageSize)
            .ToListAsync(HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The filtered events as CSV, oldest first, streamed so that a long trail does not fill memory.</summary>
    public async Task<IActionResult> OnGetExportAsync()
    {
        if (!TryValidate())
        {
            return await OnGetAsync();
        }

        var organisationId = OrganisationContext.OrganisationId;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AuditExported, await GetActorAsync(), organisationId,
            "Exported the audit trail as CSV", "AuditTrail", organisationId.ToString(),
            new { Filter.Code, Filter.Actor, Filter.Text, Filter.From, Filter.To }), HttpContext.RequestAborted);

        var fileName = $"signpost-audit-{OrganisationContext.Current.Slug}-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync("sequence,code,event,occurred_at_utc,occurred_at_london,actor_user_id,actor,subject_type,subject_id,summary,changes,previous_hash,hash");
        await foreach (var e in Filter.Apply(db.AuditEvents.AsNoTracking()).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(HttpContext.RequestAborted))
        {
            await writer.WriteLineAsync(string.Join(',',
                e.Sequence.ToString(CultureInfo.InvariantCulture), ((int)e.Code).ToString(CultureInfo.InvariantCulture), Csv(e.Code.ToString()),
                e.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                LondonTime.ToLondon(e.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActorUserId?.ToString() ?? "", Csv(e.ActorName), Csv(e.SubjectType), Csv(e.SubjectId), Csv(e.Summary), Csv(e.Changes), e.PreviousHash, e.Hash));
        }

        return new EmptyResult();
    }

    /// <summary>Checks the organisation's chain from its first event.</summary>
    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verification = await verifier.VerifyAsync(OrganisationContext.OrganisationId, HttpContext.RequestAborted);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AuditChainVerified, await GetActorAsync(), OrganisationContext.OrganisationId,
            Verification.IsIntact ? $"Checked the audit trail: {Verification.EventsChecked} events intact" : $"Checked the audit trail: {Verification.Problem}",
            "AuditTrail", OrganisationContext.OrganisationId.ToString()), HttpContext.RequestAborted);
        Filter = new AuditFilter();
        return await OnGetAsync();
    }

    public string PageUrl(int page)
    {
        var query = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                query.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }

        Add("Filter.Code", Filter.Code);
        Add("Filter.Actor", Filter.Actor);
        Add("Filter.Text", Filter.Text);
        Add("Filter.From", Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("Filter.To", Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("Filter.Page", page);
        return $"{OrganisationPath}/audit?{string.Join('&', query)}";
    }

    public string ExportUrl => PageUrl(1).Replace("/audit?", "/audit?handler=Export&", StringComparison.Ordinal);

    public static string Describe(AuditEventCode code)
    {
        var name = code.ToString();
        var sb = new StringBuilder();
        foreach (var ch in name)
        {
            if (char.IsUpper(ch) && sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(sb.Length == 0 ? ch : char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    private bool TryValidate()
    {
        foreach (var key in ModelState.Keys.Where(k => ModelState[k]!.Errors.Count > 0).ToList())
        {
            // Dates that do not parse arrive here as binding errors; say so plainly.
            var field = key.Replace("Filter.", "", StringComparison.Ordinal);
            ModelState[key]!.Errors.Clear();
            AddError(key, field is "From" or "To" ? "Enter a real date, like 2026-11-24" : $"Enter a valid {field.ToLowerInvariant()}");
        }

        if (!ModelState.IsValid)
        {
            return false;
        }

        try
        {
            Filter.Validate();
            return true;
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, nameof(Filter));
            return false;
        }
    }

    /// <summary>CSV field, quoted, with spreadsheet formula characters neutralised.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
