using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Signpost.Bench;
using Signpost.Policy;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

// dotnet run -c Release --project bench/Signpost.Bench -- --filter '*'     BenchmarkDotNet, every benchmark
// dotnet run -c Release --project bench/Signpost.Bench -- --quick          posts/s on one core in a few seconds
// dotnet run -c Release --project bench/Signpost.Bench -- --generate posts|messages N FILE
// dotnet run -c Release --project bench/Signpost.Bench -- --texts N DIR    one text file per post, for alex
switch (args.FirstOrDefault())
{
    case "--quick":
        Quick(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3);
        return 0;
    case "--generate" when args.Length == 4:
        using (var file = new BufferedStream(File.Create(args[3]), 1 << 20))
        {
            BenchData.Generate(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), file);
        }

        return 0;
    case "--texts" when args.Length == 3:
        BenchData.WriteTexts(long.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
        return 0;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CheckBenchmarks).Assembly).Run(args);
        return 0;
}

// Single-threaded throughput over the labelled sets: a warm-up pass, then as many passes as fit in
// the time given. Not as careful as BenchmarkDotNet, but close and quick to reproduce.
static void Quick(double seconds)
{
    var check = new PolicyEngine(OrganisationSettings.DemoIcb);
    var triage = new TriageEngine(OrganisationSettings.DemoIcb);
    var posts = BenchData.Posts();
    var typical = BenchData.TypicalPosts();
    var messages = BenchData.Messages();

    Console.WriteLine($"Signpost policy engine, one thread, {Environment.ProcessorCount} processors, .NET {Environment.Version}");
    Report($"check, labelled mix ({posts.Count} posts)", posts, p => check.Check(p).Count, seconds);
    Report($"check, clean posts ({typical.Count} posts)", typical, p => check.Check(p).Count, seconds);
    Report($"triage, labelled messages ({messages.Count})", messages, m => triage.Triage(m).Labels.Count, seconds);
}

static void Report<T>(string name, IReadOnlyList<T> items, Func<T, int> run, double seconds)
{
    var sink = 0;
    foreach (var item in items)
    {
        sink += run(item);
    }

    long done = 0;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        foreach (var item in items)
        {
            sink += run(item);
        }

        done += items.Count;
    }

    // Per CPU-second as well as per second: on a shared machine the wall clock counts time the
    // thread spent waiting for a core; the process's CPU time does not (it includes the GC's).
    var perSecond = done / clock.Elapsed.TotalSeconds;
    var perCpuSecond = done / (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-40} {perSecond,10:N0} /s  {perCpuSecond,10:N0} /cpu-s  {1e6 / perCpuSecond,7:F2} us each  (checksum {sink % 1000})"));
}
