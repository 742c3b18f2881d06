using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signpost.Core;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

// Inbox benchmarks (docs/benchmarks.md, "Inbox"). Modes:
//   ingest   <postgres> [messages=300000] [batch=1000] [writers=2] [repeat-share=0.2]
//       InboxIngestor into PostgreSQL, triage and de-duplication included, a share of every batch repeated.
//   channel  <postgres> <network> <account-id>
//       makes (or finds) an ICB channel for a webhook account id; prints its id.
//   burst    <base-url> <meta-app-secret> <page-id> <requests> <concurrency> <ack-file> [comments-per-request=5]
//       signed Meta feed-comment webhooks; every comment id of a request answered 200 is appended to ack-file.
//   verify   <postgres> <channel-id> <ack-file>
//       every acknowledged comment stored exactly once.
//   generate <postgres> [messages=1000000]
//       a million messages for the ICB's Sandbox channel with generate_series (one statement), then ANALYZE.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Signpost.Bench.Inbox ingest|channel|burst|verify|generate ...");
    return 2;
}

return args[0] switch
{
    "ingest" => await IngestAsync(args),
    "channel" => await ChannelAsync(args),
    "burst" => await BurstAsync(args),
    "verify" => await VerifyAsync(args),
    "generate" => await GenerateAsync(args),
    _ => 2,
};

static ServiceProvider Services(string connectionString)
{
    var services = new ServiceCollection();
    services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    services.AddSignpostCore(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
    return services.BuildServiceProvider();
}

static async Task<(Guid OrganisationId, Guid ChannelId)> DemoAsync(ServiceProvider provider)
{
    await SignpostCoreServices.MigrateAsync(provider);
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var organisation = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
    var channel = await db.Channels.Where(c => c.OrganisationId == organisation && c.Network == Network.Sandbox).OrderBy(c => c.CreatedAt).Select(c => c.Id).FirstAsync();
    return (organisation, channel);
}

static async Task<int> IngestAsync(string[] args)
{
    var messages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300_000;
    var batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
    var writers = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
    var repeatShare = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 0.2;
    await using var provider = Services(args[1]);
    var (_, channelId) = await DemoAsync(provider);
    var texts = DemoInboxTrickle.StartingSet.Concat(DemoInboxTrickle.Trickle).Select(m => m.Text).ToArray();
    var run = Guid.NewGuid().ToString("N")[..8];

    // Warm up: the triage engine and EF's model, outside the timing.
    await using (var warm = provider.CreateAsyncScope())
    {
        await warm.ServiceProvider.GetRequiredService<InboxIngestor>().IngestAsync(channelId, [Item(run, -1, texts)], "bench", default);
    }

    var next = 0;
    long stored = 0, repeated = 0, offered = 0;
    var perSecond = new ConcurrentQueue<(double At, long Stored)>();
    var clock = Stopwatch.StartNew();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        while (true)
        {
            var start = Interlocked.Add(ref next, batch) - batch;
            if (start >= messages)
            {
                return;
            }

            var count = Math.Min(batch, messages - start);
            var items = new List<InboundItem>(count + (int)(count * repeatShare));
            for (var i = 0; i < count; i++)
            {
                items.Add(Item(run, start + i, texts));
            }

            // Repeats of messages already stored (as a platform re-delivers) and within the batch.
            for (var i = 0; i < (int)(count * repeatShare); i++)
            {
                items.Add(Item(run, Math.Max(0, start - 1 - (i * 7 % Math.Max(1, start))), texts));
            }

            await using var scope = provider.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<InboxIngestor>().IngestAsync(channelId, items, "bench", default);
            Interlocked.Add(ref stored, result.Stored.Count);
            Interlocked.Add(ref repeated, result.Repeated);
            Interlocked.Add(ref offered, items.Count);
            perSecond.Enqueue((clock.Elapsed.TotalSeconds, Interlocked.Read(ref stored)));
        }
    }))).ConfigureAwait(false);
    clock.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"ingest: {stored:N0} stored, {repeated:N0} repeats recognised, {offered:N0} items offered in {seconds:F1} s with {writers} writers, batches of {batch}");
    Console.WriteLine($"ingest: {stored / seconds:N0} stored messages/s ({offered / seconds:N0} items/s); bench process CPU {cpu:F1} s");

    // Slowest 10-second window, to show the rate is sustained, not a burst.
    var points = perSecond.OrderBy(p => p.At).ToList();
    var worst = double.MaxValue;
    for (var i = 0; i < points.Count; i++)
    {
        var j = points.FindIndex(i, p => p.At >= points[i].At + 10);
        if (j < 0)
        {
            break;
        }

        worst = Math.Min(worst, (points[j].Stored - points[i].Stored) / (points[j].At - points[i].At));
    }

    if (worst < double.MaxValue)
    {
        Console.WriteLine($"ingest: slowest 10 s window {worst:N0} stored messages/s");
    }

    await using (var scope = provider.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var prefix = $"bench-{run}-";
        var rows = await db.InboxMessages.CountAsync(m => m.ChannelId == channelId && m.PlatformId.StartsWith(prefix));
        var distinct = await db.InboxMessages.Where(m => m.ChannelId == channelId && m.PlatformId.StartsWith(prefix)).Select(m => m.PlatformId).Distinct().CountAsync();
        Console.WriteLine($"ingest: check {rows:N0} rows, {distinct:N0} distinct platform ids, expected {messages + 1:N0}");
        return rows == messages + 1 && distinct == rows ? 0 : 1;
    }
}

static InboundItem Item(string run, int n, string[] texts) =>
    new($"bench-{run}-{n}", (n & 3) switch { 0 => InboundKind.Comment, 1 => InboundKind.Message, 2 => InboundKind.Mention, _ => InboundKind.Reply },
        texts[(n & int.MaxValue) % texts.Length] + " #" + n.ToString(CultureInfo.InvariantCulture),
        new InboundAuthor($"bench-author-{n % 5000}", $"member{n % 5000}", $"Member {n % 5000}"),
        DateTimeOffset.UtcNow, InReplyToId: (n & 3) is 0 or 3 ? "bench-post-" + (n % 50) : null, RootPostId: (n & 3) is 0 or 3 ? "bench-post-" + (n % 50) : null);

static async Task<int> ChannelAsync(string[] args)
{
    await using var provider = Services(args[1]);
    var (organisationId, _) = await DemoAsync(provider);
    var network = Enum.Parse<Network>(args[2], ignoreCase: true);
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var existing = await db.Channels.Where(c => c.Network == network && c.AccountId == args[3]).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
    if (existing is null)
    {
        var now = DateTimeOffset.UtcNow;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = network,
            Name = $"Bench {network}",
            Handle = "bench" + args[3],
            AccountId = args[3],
            Status = ChannelStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.CommandLine, organisationId, "Connected a bench channel", "Channel", channel.Id.ToString()));
        existing = channel.Id;
    }

    Console.WriteLine(existing);
    return 0;
}

static async Task<int> BurstAsync(string[] args)
{
    var baseUrl = new Uri(args[1]);
    var secret = Encoding.UTF8.GetBytes(args[2]);
    var pageId = args[3];
    var requests = int.Parse(args[4], CultureInfo.InvariantCulture);
    var concurrency = int.Parse(args[5], CultureInfo.InvariantCulture);
    var ackFile = args[6];
    var perRequest = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 5;
    var run = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    await using var ack = new StreamWriter(ackFile, append: true) { AutoFlush = true };
    var ackLock = new Lock();
    var next = -1;
    int ok = 0, failed = 0;
    var statuses = new ConcurrentDictionary<string, int>();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int r;
        while ((r = Interlocked.Increment(ref next)) < requests)
        {
            var ids = Enumerable.Range(0, perRequest).Select(i => $"{run}_{r}_{i}").ToList();
            var payload = new
            {
                @object = "page",
                entry = new[]
                {
                    new
                    {
                        id = pageId,
                        time = 1742667607,
                        changes = ids.Select(id => new
                        {
                            field = "feed",
                            value = new
                            {
                                from = new { id = "10" + (r % 977).ToString(CultureInfo.InvariantCulture), name = $"Member {r % 977}" },
                                post = new { id = pageId + "_1", status_type = "mobile_status_update", is_published = true },
                                message = "Is the walk-in centre open on Sunday? " + id,
                                post_id = pageId + "_1",
                                comment_id = id,
                                created_time = 1742667604,
                                item = "comment",
                                parent_id = pageId + "_1",
                                verb = "add",
                            },
                        }).ToArray(),
                    },
                },
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(payload);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
            try
            {
                using var response = await http.PostAsync("/webhooks/meta", content);
                statuses.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                    lock (ackLock)
                    {
                        foreach (var id in ids)
                        {
                            ack.WriteLine(id);
                        }
                    }
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The receiving process died mid-request: not acknowledged, the platform would deliver again.
                statuses.AddOrUpdate("no answer", 1, (_, n) => n + 1);
                Interlocked.Increment(ref failed);
                await Task.Delay(200);
            }
        }
    })));
    Console.WriteLine($"burst: {ok} requests acknowledged ({ok * perRequest} comments), {failed} not; " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
    return 0;
}

static async Task<int> VerifyAsync(string[] args)
{
    await using var provider = Services(args[1]);
    var channelId = Guid.Parse(args[2]);
    var acknowledged = (await File.ReadAllLinesAsync(args[3])).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var stored = await db.InboxMessages.Where(m => m.ChannelId == channelId).GroupBy(m => m.PlatformId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
    var counts = stored.ToDictionary(s => s.Key, s => s.Count, StringComparer.Ordinal);
    var missing = acknowledged.Count(id => !counts.ContainsKey(id));
    var duplicated = stored.Count(s => s.Count > 1);
    Console.WriteLine($"verify: {acknowledged.Count} acknowledged comments, {counts.Count} stored on the channel (some stored but not acknowledged is allowed: the platform delivers them again), " +
        $"{missing} acknowledged but missing, {duplicated} stored more than once");
    return missing == 0 && duplicated == 0 ? 0 : 1;
}

static async Task<int> GenerateAsync(string[] args)
{
    var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
    await using var provider = Services(args[1]);
    var (organisationId, channelId) = await DemoAsync(provider);
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
    var clock = Stopwatch.StartNew();

    // 5,000 authors, then the messages over the last 90 days, with labels, priorities and statuses spread as a real inbox.
    var sql = $$"""
        INSERT INTO "PublicAuthors" ("Id","OrganisationId","ChannelId","Network","PlatformId","Handle","DisplayName","Strikes","BlockProposed","Blocked","FirstSeenAt","LastSeenAt","UpdatedAt")
        SELECT gen_random_uuid(), '{{organisationId}}', '{{channelId}}', 'Sandbox', 'gen-author-' || a, 'member' || a, 'Member ' || a, 0, false, false, now(), now(), now()
        FROM generate_series(1, 5000) a
        ON CONFLICT DO NOTHING;
        CREATE TEMP TABLE gen_authors AS SELECT row_number() OVER (ORDER BY "PlatformId") AS n, "Id" FROM "PublicAuthors" WHERE "ChannelId" = '{{channelId}}' AND "PlatformId" LIKE 'gen-author-%';
        INSERT INTO "InboxMessages" ("Id","OrganisationId","ChannelId","Network","PlatformId","Kind","Text","AuthorId","SentAt","ReceivedAt","LabelBits","Priority","OutOfHours",
            "TriageReasonsJson","Status","ResponseDueAt","Visibility","ProcessedAt","UpdatedAt","Version","RootPlatformId","InReplyToPlatformId")
        SELECT gen_random_uuid(), '{{organisationId}}', '{{channelId}}', 'Sandbox', 'gen-' || g,
            (ARRAY['Comment','Message','Mention','Reply'])[1 + g % 4],
            'Generated message ' || g || ': is the walk-in centre open on Sunday?',
            a."Id",
            t, t,
            (1 << (g % 16)), (ARRAY[0,1,1,2,2,2,3,3])[1 + g % 8], (g % 3 = 0), '[]',
            (ARRAY['New','New','New','Assigned','Replied','Closed','Closed','Closed','Closed','AwaitingDepartment'])[1 + g % 10],
            t + interval '2 hours', 'Visible', t, t, 0,
            CASE WHEN g % 4 IN (0,3) THEN 'gen-post-' || (g % 500) END, CASE WHEN g % 4 IN (0,3) THEN 'gen-post-' || (g % 500) END
        FROM generate_series(1, {{count}}) g
        CROSS JOIN LATERAL (SELECT now() - (g * interval '7 seconds') AS t) times
        JOIN gen_authors a ON a.n = 1 + g % 5000
        ON CONFLICT DO NOTHING;
        ANALYZE "InboxMessages";
        ANALYZE "PublicAuthors";
        """;
    await db.Database.ExecuteSqlRawAsync(sql);
    var total = await db.InboxMessages.CountAsync(m => m.OrganisationId == organisationId);
    Console.WriteLine($"generate: {total:N0} messages in the ICB's inbox after {clock.Elapsed.TotalSeconds:F0} s");
    return 0;
}
