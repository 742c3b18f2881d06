using System.Text.Json;

namespace Signpost.Core.Audit;

/// <summary>An audit event before it is placed in its chain.</summary>
public sealed record AuditRecord(
    AuditEventCode Code,
    Actor Actor,
    Guid? OrganisationId,
    string Summary,
    string? SubjectType = null,
    string? SubjectId = null,
    object? Changes = null)
{
    private static readonly JsonSerializerOptions ChangesJson = new(JsonSerializerDefaults.Web);

    internal string? ChangesJsonText => Changes switch
    {
        null => null,
        string s => s,
        _ => JsonSerializer.Serialize(Changes, ChangesJson),
    };

    /// <summary>A change of one field, for <see cref="Changes"/>.</summary>
    public static Dictionary<string, object?> Diff(params (string Field, object? From, object? To)[] fields)
    {
        var diff = new Dictionary<string, object?>();
        foreach (var (field, from, to) in fields)
        {
            if (!Equals(from, to))
            {
                diff[field] = new { from, to };
            }
        }

        return diff;
    }
}
