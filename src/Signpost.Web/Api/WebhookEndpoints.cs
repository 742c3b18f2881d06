using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Web.Api;

/// <summary>
/// /webhooks/{name}, outside /api/v1: platforms sign their requests instead of signing in. No cookie,
/// no antiforgery token, no session: the receiver checks the platform's signature over the raw body
/// (and answers its handshake). Bodies over Inbox:MaxWebhookBytes (1 MiB) get 413 before they are
/// read in full. Events are stored through <see cref="InboxIngestor"/> BEFORE the 200 is sent, so a
/// platform that gets 200 has its messages durably stored; any failure to store answers 500 and the
/// platform delivers again (each message is still stored once). Refusals store nothing (ADR 0011).
/// </summary>
public static partial class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/webhooks/{name}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(string name, HttpContext context, InboxConnectorRegistry registry, InboxIngestionOptions options,
        IServiceProvider services, ILoggerFactory loggers, CancellationToken ct)
    {
        var receiver = registry.Receiver(name);
        if (receiver is null || !receiver.IsConfigured)
        {
            return Results.NotFound();
        }

        var body = await ReadBodyAsync(context.Request, options.MaxWebhookBytes, ct);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var request = new WebhookRequest(
            context.Request.Method,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        var logger = loggers.CreateLogger("Signpost.Webhooks");
        switch (receiver.Receive(request))
        {
            case WebhookOutcome.Handshake handshake:
                return Results.Text(handshake.Body, handshake.ContentType);
            case WebhookOutcome.Refused refused:
                LogRefused(logger, name, refused.StatusCode, refused.Reason);
                return Results.Text(refused.Reason, "text/plain", statusCode: refused.StatusCode is 401 or 403 ? refused.StatusCode : 401);
            case WebhookOutcome.Malformed malformed:
                LogMalformed(logger, name, malformed.Reason);
                return Results.Text(malformed.Reason, "text/plain", statusCode: StatusCodes.Status400BadRequest);
            case WebhookOutcome.Events events:
                var stored = await StoreAsync(name, events.Items, services, ct);
                return Results.Text($"{{\"stored\":{stored}}}", "application/json");
            default:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>Stores each event on every connected channel of the account it was sent to (any organisation); returns how many messages were new.</summary>
    private static async Task<int> StoreAsync(string name, IReadOnlyList<WebhookEvent> events, IServiceProvider services, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ingestor = scope.ServiceProvider.GetRequiredService<InboxIngestor>();
        var stored = 0;
        foreach (var group in events.GroupBy(e => (e.Network, AccountId: e.Item.AccountId ?? "")))
        {
            var (network, accountId) = group.Key;
            if (accountId.Length == 0)
            {
                continue;
            }

            // A platform account may be connected by more than one organisation (a shared page): each gets its copy.
            var channels = await db.Channels.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.Network == network && c.AccountId == accountId && c.Status != ChannelStatus.Disconnected)
                .Select(c => c.Id)
                .ToListAsync(ct);
            var items = group.Select(e => e.Item).ToList();
            foreach (var channelId in channels)
            {
                var result = await ingestor.IngestAsync(channelId, items, $"webhook:{name}", ct);
                stored += result.Stored.Count;
            }
        }

        return stored;
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Name} refused ({StatusCode}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string name, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Name} malformed: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string name, string reason);
}
