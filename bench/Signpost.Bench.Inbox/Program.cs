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
using Signpost.Policy.Triage;

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
//       a million messages (a year of a busy ICB) across seven channels with generate_series, varied labels,
//       priorities, statuses, assignees and clock states by age; then ANALYZE. Makes the bench channels it needs.
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
    var (organisationId, sandboxChannelId) = await DemoAsync(provider);
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(60));
    var clock = Stopwatch.StartNew();

    // The ICB's channels: the demo Sandbox account plus one account per network, as a busy ICB has,
    // with a share of the traffic each (Facebook the most, Mastodon the least).
    (Network Network, double Share)[] shares =
        [(Network.Facebook, 0.34), (Network.X, 0.20), (Network.Instagram, 0.16), (Network.Bluesky, 0.09), (Network.LinkedIn, 0.09), (Network.Mastodon, 0.05), (Network.Sandbox, 0.07)];
    var channels = new List<(Guid Id, Network Network, double Share)>();
    foreach (var (network, share) in shares)
    {
        channels.Add((network == Network.Sandbox ? sandboxChannelId : await BenchChannelAsync(scope.ServiceProvider, organisationId, network, "riverside-icb-" + network.ToString().ToLowerInvariant()), network, share));
    }

    // Who messages are assigned to: the communications officers and managers (InboxService.InboxRoles).
    var assignees = await db.Memberships.Where(m => m.OrganisationId == organisationId && (m.Roles & InboxService.InboxRoles) != 0).Select(m => m.UserId).ToListAsync();
    if (assignees.Count == 0)
    {
        Console.Error.WriteLine("generate: the organisation has nobody who works the inbox");
        return 1;
    }

    var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    var channelRows = new StringBuilder();
    var low = 0.0;
    foreach (var (id, network, share) in channels)
    {
        var high = network == channels[^1].Network ? 2 : low + share; // the last takes any rounding left over
        channelRows.Append(CultureInfo.InvariantCulture, $"{(channelRows.Length > 0 ? "," : "")}('{id}','{network}',{low.ToString(CultureInfo.InvariantCulture)},{high.ToString(CultureInfo.InvariantCulture)})");
        low += share;
    }

    // Labels as the triage engine gives them (RULES.md priorities), most messages with none or an
    // enquiry, urgent ones rare: (code bit, priority, cumulative share, a text for it).
    (TriageLabel? Label, double Share, string Text)[] labels =
    [
        (null, 0.30, "Thanks for the update, see you at the event"),
        (TriageLabel.Enquiry, 0.20, "Is the walk-in centre open on Sunday afternoon?"),
        (TriageLabel.MedicalQuestion, 0.08, "Should I take ibuprofen with my blood pressure tablets?"),
        (TriageLabel.Complaint, 0.08, "I have waited three weeks for a callback from the surgery"),
        (TriageLabel.Criticism, 0.08, "The new booking system is a step backwards"),
        (TriageLabel.Praise, 0.09, "The nurses on ward 4 were wonderful, thank you"),
        (TriageLabel.Spam, 0.05, "Earn money fast from home click here"),
        (TriageLabel.Misinformation, 0.025, "The vaccine changes your DNA, everyone knows it"),
        (TriageLabel.Abuse, 0.025, "You lot are useless idiots"),
        (TriageLabel.PersonalData, 0.015, "My NHS number is 943 476 5919, can you check my referral"),
        (TriageLabel.Foi, 0.01, "Under the Freedom of Information Act please send the waiting list figures"),
        (TriageLabel.Media, 0.01, "I am a journalist at the Riverside Echo, can I speak to press office"),
        (TriageLabel.Legal, 0.008, "My solicitor will be in touch about this"),
        (TriageLabel.Discrimination, 0.007, "They treated me differently because of my religion"),
        (TriageLabel.PatientSafety, 0.01, "The wrong medicine was given to my father on the ward"),
        (TriageLabel.Safeguarding, 0.007, "I am worried a child next door is being hurt"),
        (TriageLabel.ImmediateDanger, 0.003, "I have taken all my tablets and want to end it"),
    ];
    var labelRows = new StringBuilder();
    low = 0.0;
    foreach (var (label, share, text) in labels)
    {
        var bit = label is { } l ? InboxLabels.Bit(l) : 0;
        var priority = label is { } p ? (int)p.PriorityOf() : (int)TriagePriority.Low;
        var high = label == labels[^1].Label ? 2 : low + share;
        labelRows.Append(CultureInfo.InvariantCulture, $"{(labelRows.Length > 0 ? "," : "")}({bit},{priority},{low.ToString(CultureInfo.InvariantCulture)},{high.ToString(CultureInfo.InvariantCulture)},'{text}')");
        low += share;
    }

    // A second label on 15% of messages, from the common ones.
    TriageLabel[] seconds = [TriageLabel.Criticism, TriageLabel.Complaint, TriageLabel.Enquiry, TriageLabel.MedicalQuestion, TriageLabel.PersonalData];
    var secondRows = string.Join(",", seconds.Select((l, i) => $"({i},{InboxLabels.Bit(l)},{(int)l.PriorityOf()})"));
    var assigneeArray = "ARRAY[" + string.Join(",", assignees.Select(a => $"'{a}'::uuid")) + "]";

    // One message every 31.5 s on average (2,740 a day: a million is a year of a busy ICB). What
    // happened to a message follows its age: the last hours mostly new or assigned, last week's mostly
    // answered, older ones closed; the first response within minutes to hours (some late), the due
    // time two working hours after arrival (the next working morning out of hours), 004 §6.4.
    var sql = $$"""
        SELECT setseed(0.42);
        CREATE TEMP TABLE gen_channels (id uuid, network text, lo float8, hi float8);
        INSERT INTO gen_channels VALUES {{channelRows}};
        CREATE TEMP TABLE gen_labels (bit int, priority int, lo float8, hi float8, text text);
        INSERT INTO gen_labels VALUES {{labelRows}};
        CREATE TEMP TABLE gen_seconds (n int, bit int, priority int);
        INSERT INTO gen_seconds VALUES {{secondRows}};
        INSERT INTO "PublicAuthors" ("Id","OrganisationId","ChannelId","Network","PlatformId","Handle","DisplayName","Strikes","BlockProposed","Blocked","FirstSeenAt","LastSeenAt","UpdatedAt")
        SELECT gen_random_uuid(), '{{organisationId}}', c.id, c.network, 'gen-author-' || a, 'member' || a, 'Member ' || a, (a % 40 = 0)::int, false, false, now(), now(), now()
        FROM gen_channels c CROSS JOIN generate_series(1, 2000) a
        ON CONFLICT DO NOTHING;
        CREATE TEMP TABLE gen_authors AS
            SELECT "ChannelId" AS channel, row_number() OVER (PARTITION BY "ChannelId" ORDER BY "PlatformId") AS n, "Id" AS id
            FROM "PublicAuthors" WHERE "OrganisationId" = '{{organisationId}}' AND "PlatformId" LIKE 'gen-author-%';
        CREATE INDEX ON gen_authors (channel, n);
        ANALYZE gen_authors;
        CREATE TEMP TABLE gen_rows AS
        SELECT g, t, r_channel, r_label, r_second, r_status, r_assignee, r_response, r_kind, r_visible, r_author,
            extract(epoch FROM now() - t) AS age,
            t AT TIME ZONE 'Europe/London' AS l
        FROM (
            SELECT g, now() - ((g - 1) * interval '31.5 seconds') - random() * interval '31 seconds' AS t,
                random() AS r_channel, random() AS r_label, random() AS r_second, random() AS r_status, random() AS r_assignee,
                random() AS r_response, random() AS r_kind, random() AS r_visible, random() AS r_author
            FROM generate_series({{count}}, 1, -1) g
        ) x;
        INSERT INTO "InboxMessages" ("Id","OrganisationId","ChannelId","Network","PlatformId","Kind","Text","AuthorId","SentAt","ReceivedAt","LabelBits","Priority","OutOfHours",
            "TriageReasonsJson","Status","AssigneeUserId","ResponseDueAt","FirstRespondedAt","Visibility","ProcessedAt","UpdatedAt","Version","RootPlatformId","InReplyToPlatformId","ConversationId")
        SELECT
            -- A version 7 id from the arrival time, as Guid.CreateVersion7 gives the ingestor.
            (lpad(to_hex((extract(epoch FROM s.t) * 1000)::bigint), 12, '0') || '7' || substr(s.h, 1, 3) || '8' || substr(s.h, 4, 15))::uuid,
            '{{organisationId}}', c.id, c.network, 'gen-{{run}}-' || s.g, s.kind,
            s.text || ' (' || s.g || ')', a.id, s.t - interval '3 seconds', s.t,
            s.bits, s.priority, s.out_of_hours, '[]', s.status,
            CASE WHEN s.status = 'Assigned' OR (s.status <> 'New' AND s.r_assignee < 0.85) THEN ({{assigneeArray}})[1 + floor(s.r_assignee * 1000)::int % {{assignees.Count}}] END,
            s.due, s.responded,
            CASE WHEN s.bits & {{InboxLabels.Bit(TriageLabel.Abuse) | InboxLabels.Bit(TriageLabel.Discrimination) | InboxLabels.Bit(TriageLabel.Spam)}} <> 0 AND s.r_visible < 0.45
                THEN (CASE WHEN s.r_visible < 0.05 THEN 'Deleted' ELSE 'Hidden' END) ELSE 'Visible' END,
            s.t + interval '1 second', greatest(s.t, s.responded), 0,
            CASE WHEN s.kind <> 'Message' THEN 'gen-post-' || (s.g / 400) END,
            CASE WHEN s.kind <> 'Message' THEN 'gen-post-' || (s.g / 400) END,
            CASE WHEN s.kind = 'Message' THEN 'gen-conversation-' || floor(s.r_author * 2000)::int END
        FROM (
            SELECT r.*, lb.bits, lb.priority, lb.text, st.status, st.out_of_hours, st.due,
                md5(r.g::text || '-' || r.r_author::text) AS h,
                CASE WHEN r.r_kind < 0.5 THEN 'Comment' WHEN r.r_kind < 0.7 THEN 'Reply' WHEN r.r_kind < 0.85 THEN 'Mention' ELSE 'Message' END AS kind,
                -- Replied and handed-off messages were answered; most closed ones too; new and assigned ones not yet.
                CASE WHEN st.status IN ('Replied','AwaitingDepartment') OR (st.status = 'Closed' AND r.r_response < 0.7)
                    THEN least(now(), r.t + (r.r_response ^ 3) * interval '4 hours' + interval '4 minutes') END AS responded
            FROM gen_rows r
            CROSS JOIN LATERAL (
                SELECT l1.bit | coalesce(s2.bit, 0) AS bits, least(l1.priority, coalesce(s2.priority, 3)) AS priority, l1.text
                FROM gen_labels l1
                LEFT JOIN gen_seconds s2 ON r.r_second < 0.15 AND s2.n = floor(r.r_second / 0.03)::int
                WHERE r.r_label >= l1.lo AND r.r_label < l1.hi
                LIMIT 1
            ) lb
            CROSS JOIN LATERAL (
                SELECT
                    CASE
                        WHEN r.age < 7200 THEN (CASE WHEN r.r_status < 0.7 THEN 'New' WHEN r.r_status < 0.9 THEN 'Assigned' ELSE 'Replied' END)
                        WHEN r.age < 86400 THEN (CASE WHEN r.r_status < 0.3 THEN 'New' WHEN r.r_status < 0.6 THEN 'Assigned' WHEN r.r_status < 0.65 THEN 'AwaitingDepartment' WHEN r.r_status < 0.9 THEN 'Replied' ELSE 'Closed' END)
                        WHEN r.age < 604800 THEN (CASE WHEN r.r_status < 0.03 THEN 'New' WHEN r.r_status < 0.1 THEN 'Assigned' WHEN r.r_status < 0.13 THEN 'AwaitingDepartment' WHEN r.r_status < 0.38 THEN 'Replied' ELSE 'Closed' END)
                        ELSE (CASE WHEN r.r_status < 0.003 THEN 'New' WHEN r.r_status < 0.01 THEN 'Assigned' WHEN r.r_status < 0.015 THEN 'AwaitingDepartment' WHEN r.r_status < 0.035 THEN 'Replied' ELSE 'Closed' END)
                    END AS status,
                    NOT w.in_hours AS out_of_hours,
                    CASE WHEN w.in_hours AND r.l + interval '2 hours' <= w.day + interval '17 hours' THEN r.t + interval '2 hours'
                        WHEN w.in_hours THEN (w.next_day + interval '11 hours' - (w.day + interval '17 hours' - r.l)) AT TIME ZONE 'Europe/London'
                        ELSE (w.next_day + interval '11 hours') AT TIME ZONE 'Europe/London'
                    END AS due
                FROM (
                    SELECT d.day, d.in_hours, d.next + (CASE extract(isodow FROM d.next) WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END) * interval '1 day' AS next_day
                    FROM (
                        SELECT date_trunc('day', r.l) AS day,
                            extract(isodow FROM r.l) <= 5 AND extract(hour FROM r.l) BETWEEN 9 AND 16 AS in_hours,
                            date_trunc('day', r.l) + (CASE WHEN extract(isodow FROM r.l) <= 5 AND extract(hour FROM r.l) < 9 THEN 0 ELSE 1 END) * interval '1 day' AS next
                    ) d
                ) w
            ) st
        ) s
        JOIN gen_channels c ON s.r_channel >= c.lo AND s.r_channel < c.hi
        JOIN gen_authors a ON a.channel = c.id AND a.n = 1 + floor(s.r_author * 2000)::int
        ORDER BY s.t
        ON CONFLICT DO NOTHING;
        ANALYZE "InboxMessages";
        ANALYZE "PublicAuthors";
        """;
    await db.Database.ExecuteSqlRawAsync(sql);
    var total = await db.InboxMessages.CountAsync(m => m.OrganisationId == organisationId);
    Console.WriteLine($"generate: {total:N0} messages in the ICB's inbox across {channels.Count} channels after {clock.Elapsed.TotalSeconds:F0} s");
    return 0;
}

static async Task<Guid> BenchChannelAsync(IServiceProvider services, Guid organisationId, Network network, string accountId)
{
    var db = services.GetRequiredService<AppDbContext>();
    var existing = await db.Channels.Where(c => c.Network == network && c.AccountId == accountId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
    if (existing is { } id)
    {
        return id;
    }

    var now = DateTimeOffset.UtcNow;
    var channel = new Channel
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = organisationId,
        Network = network,
        Name = $"Riverside ICB on {network}",
        Handle = accountId,
        AccountId = accountId,
        Status = ChannelStatus.Active,
        CreatedAt = now,
        UpdatedAt = now,
    };
    db.Channels.Add(channel);
    await services.GetRequiredService<AuditTrail>().SaveChangesAsync(
        new AuditRecord(AuditEventCode.ChannelConnected, Actor.CommandLine, organisationId, $"Connected a bench {network} channel", "Channel", channel.Id.ToString()));
    return channel.Id;
}
