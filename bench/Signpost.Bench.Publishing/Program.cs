using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;

// Exactly-once publishing with a crash: N posts due in the same minute on the Sandbox, W real
// Signpost.Worker processes on one PostgreSQL, one killed with SIGKILL once a share of the posts
// is out. Prints published, duplicates, missing and lateness. Usage (see publishing-exactly-once.sh):
//   Signpost.Bench.Publishing <postgres connection string> <worker dll> [posts=2000] [workers=2] [kill-at=0.3]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Signpost.Bench.Publishing <postgres connection string> <Signpost.Worker.dll> [posts] [workers] [kill-at fraction]");
    return 2;
}

var connectionString = args[0];
var workerDll = Path.GetFullPath(args[1]);
var postCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
var workerCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
var killAt = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0.3;
var lease = TimeSpan.FromSeconds(10);

var services = new ServiceCollection();
services.AddLogging();
services.AddSignpostCore(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
await using var provider = services.BuildServiceProvider();
await SignpostCoreServices.MigrateAsync(provider);

Guid channelId, accountId;
DateTimeOffset due;
await using (var scope = provider.CreateAsyncScope())
{
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    var organisation = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug);
    var author = await db.Users.SingleAsync(u => u.Email == "comms.officer@riverside.example");
    var token = "sbx_" + Guid.NewGuid().ToString("N");
    var account = new SandboxAccount
    {
        Id = Guid.CreateVersion7(),
        Handle = "bench-" + Guid.NewGuid().ToString("N")[..8],
        DisplayName = "Exactly-once bench",
        TokenHash = SandboxNetwork.HashToken(token),
        CreatedAt = DateTimeOffset.UtcNow,
    };
    db.SandboxAccounts.Add(account);
    var channel = new Channel
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = organisation.Id,
        Network = Network.Sandbox,
        Name = "Exactly-once bench",
        Handle = account.Handle,
        AccountId = account.Id.ToString(),
        CredentialCiphertext = scope.ServiceProvider.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = token }),
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
    db.Channels.Add(channel);

    // All due at the start of the next minute (at least 15 s away, so the workers are up).
    var now = DateTimeOffset.UtcNow;
    due = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second > 45 ? 2 : 1);
    for (var i = 0; i < postCount; i++)
    {
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisation.Id,
            AuthorUserId = author.Id,
            AuthorName = author.DisplayName,
            Title = $"Bench post {i}",
            Text = $"Exactly-once bench post {i}: flu vaccines are available at your GP surgery and pharmacy.",
            State = PostState.Scheduled,
            ScheduledFor = due,
            CreatedAt = now,
            UpdatedAt = now,
        };
        post.Publications.Add(new Publication { Id = Guid.CreateVersion7(), OrganisationId = organisation.Id, PostId = post.Id, ChannelId = channel.Id, DueAt = due, AvailableAt = due });
        db.Posts.Add(post);
    }

    await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
        new AuditRecord(AuditEventCode.PostScheduled, Actor.CommandLine, organisation.Id, $"Bench: scheduled {postCount} posts for {due:O}"));
    channelId = channel.Id;
    accountId = account.Id;
}

Console.WriteLine($"{postCount} posts due at {due:HH:mm:ss} UTC; starting {workerCount} workers (lease {lease.TotalSeconds:0} s)");
var workers = Enumerable.Range(0, workerCount).Select(i => StartWorker(i)).ToList();

Process StartWorker(int index)
{
    var start = new ProcessStartInfo("dotnet", [workerDll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        WorkingDirectory = Path.GetDirectoryName(workerDll)!,
    };
    start.Environment["DOTNET_ENVIRONMENT"] = "Production";
    start.Environment["Database__Provider"] = "postgres";
    start.Environment["ConnectionStrings__Signpost"] = connectionString;
    start.Environment["Publishing__NodeName"] = $"bench-worker-{index}";
    start.Environment["Publishing__Lease"] = lease.ToString("c", CultureInfo.InvariantCulture);
    start.Environment["Publishing__PollInterval"] = "00:00:00.200";
    start.Environment["Email__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "signpost-bench-mail");
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine($"[worker {index}] {e.Data}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

var killed = false;
var deadline = due + TimeSpan.FromMinutes(3);
(int Published, int Open) counts = (0, postCount);
while (DateTimeOffset.UtcNow < deadline)
{
    await Task.Delay(100);
    counts = await CountAsync();
    if (!killed && counts.Published >= postCount * killAt)
    {
        workers[0].Kill();
        killed = true;
        Console.WriteLine($"SIGKILL worker 0 at {counts.Published} published ({(DateTimeOffset.UtcNow - due).TotalSeconds:0.0} s after due)");
    }

    if (counts.Open == 0)
    {
        break;
    }
}

foreach (var worker in workers.Where(w => !w.HasExited))
{
    worker.Kill();
}

await using (var scope = provider.CreateAsyncScope())
{
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var publications = await db.Publications.AsNoTracking().Where(p => p.ChannelId == channelId).ToListAsync();
    var onNetwork = await db.SandboxPosts.AsNoTracking().Where(p => p.AccountId == accountId).Select(p => new { p.Text, p.RepeatCount }).ToListAsync();
    var posts = await db.Posts.AsNoTracking().Where(p => publications.Select(x => x.PostId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Text);
    var published = publications.Count(p => p.State == PublicationState.Published);
    var networkTexts = onNetwork.GroupBy(p => p.Text).ToDictionary(g => g.Key, g => g.Count());
    var duplicates = networkTexts.Values.Sum(n => n - 1);
    var missing = posts.Values.Count(text => !networkTexts.ContainsKey(text));
    var absorbed = onNetwork.Sum(p => p.RepeatCount);
    var lateness = publications.Where(p => p.PublishedAt is not null).Select(p => (p.PublishedAt!.Value - p.DueAt!.Value).TotalSeconds).Order().ToList();
    var held = publications.Where(p => p.PublishedAt is not null).Select(p => (p.PublishedAt!.Value - p.AttemptStartedAt!.Value).TotalSeconds).Order().ToList();
    Console.WriteLine($"published  {published} of {postCount} (states: {string.Join(", ", publications.GroupBy(p => p.State).Select(g => $"{g.Key} {g.Count()}"))})");
    Console.WriteLine($"on network {onNetwork.Count} posts");
    Console.WriteLine($"duplicates {duplicates}");
    Console.WriteLine($"missing    {missing}");
    Console.WriteLine($"repeats absorbed by the idempotency key: {absorbed}");
    Console.WriteLine($"lateness from due time:            p50 {Percentile(lateness, 0.50):0.000} s  p99 {Percentile(lateness, 0.99):0.000} s  max {lateness.LastOrDefault():0.000} s");
    Console.WriteLine($"lateness once a worker holds it:   p50 {Percentile(held, 0.50):0.000} s  p99 {Percentile(held, 0.99):0.000} s  max {held.LastOrDefault():0.000} s");
    return duplicates == 0 && missing == 0 && published == postCount ? 0 : 1;
}

async Task<(int Published, int Open)> CountAsync()
{
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var states = await db.Publications.AsNoTracking().Where(p => p.ChannelId == channelId).GroupBy(p => p.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
    var published = states.Where(s => s.Key == PublicationState.Published).Sum(s => s.Count);
    var open = states.Where(s => s.Key is PublicationState.Pending or PublicationState.Publishing).Sum(s => s.Count);
    return (published, open);
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
