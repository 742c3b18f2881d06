using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signpost.Core.Audit;

/// <summary>The hash that links one audit event to the previous one in its chain.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first event in a chain.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(AuditEvent e)
    {
        // Every field a person could alter is covered, in a fixed order with explicit separators.
        var canonical = string.Join('\u001f',
            e.ChainId.ToString("N"),
            e.OrganisationId?.ToString("N") ?? "",
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            ((int)e.Code).ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            e.ActorUserId?.ToString("N") ?? "",
            e.ActorName,
            e.SubjectType ?? "",
            e.SubjectId ?? "",
            e.Summary,
            e.Changes ?? "",
            e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Both databases keep microseconds; the hash must cover the time as stored.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
}
