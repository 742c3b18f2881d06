using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Writes new public authors and inbox messages with PostgreSQL's binary COPY on the context's own
/// connection and transaction (the audit event is saved in the same transaction by the caller).
/// The columns are the migration's; a model change that adds a required column shows up here.
/// </summary>
internal static class InboxBulkCopy
{
    public static async Task WriteAsync(AppDbContext db, IReadOnlyList<PublicAuthor> authors, IReadOnlyList<InboxMessage> messages, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (authors.Count > 0)
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY \"PublicAuthors\" (\"Id\",\"OrganisationId\",\"ChannelId\",\"Network\",\"PlatformId\",\"Handle\",\"DisplayName\",\"Strikes\",\"BlockProposed\",\"Blocked\"," +
                "\"FirstSeenAt\",\"LastSeenAt\",\"UpdatedAt\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var a in authors)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(a.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(a.OrganisationId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(a.ChannelId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(a.Network.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(a.PlatformId, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(a.Handle, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(writer, a.DisplayName, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(a.Strikes, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(a.BlockProposed, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(a.Blocked, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(a.FirstSeenAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(a.LastSeenAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(a.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"InboxMessages\" (\"Id\",\"OrganisationId\",\"ChannelId\",\"Network\",\"PlatformId\",\"Kind\",\"Text\",\"AuthorId\",\"InReplyToPlatformId\"," +
            "\"RootPlatformId\",\"ConversationId\",\"Url\",\"PublicationId\",\"SentAt\",\"ReceivedAt\",\"LabelBits\",\"Priority\",\"OutOfHours\",\"TriageReasonsJson\"," +
            "\"Status\",\"ResponseDueAt\",\"Visibility\",\"UpdatedAt\",\"Version\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in messages)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(m.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(m.OrganisationId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(m.ChannelId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(m.Network.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(m.PlatformId, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(m.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(m.Text, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(m.AuthorId, NpgsqlDbType.Uuid, ct);
                await WriteNullableAsync(writer, m.InReplyToPlatformId, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(writer, m.RootPlatformId, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(writer, m.ConversationId, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(writer, m.Url, NpgsqlDbType.Varchar, ct);
                if (m.PublicationId is { } publicationId)
                {
                    await writer.WriteAsync(publicationId, NpgsqlDbType.Uuid, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(m.SentAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(m.ReceivedAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(m.LabelBits, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync((int)m.Priority, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(m.OutOfHours, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(m.TriageReasonsJson, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(m.Status.ToString(), NpgsqlDbType.Varchar, ct);
                if (m.ResponseDueAt is { } due)
                {
                    await writer.WriteAsync(due, NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(m.Visibility.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(m.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(m.Version, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);
}
