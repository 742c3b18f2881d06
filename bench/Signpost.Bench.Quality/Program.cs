using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Signpost.Policy;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Bench.Quality;

/// <summary>
/// Precision, recall and F1 of the post rules and of triage on the labelled sets under tests/,
/// and triage throughput on one core. Run: <c>dotnet run -c Release --project bench/Signpost.Bench.Quality</c>;
/// add <c>--misses</c> to list every triage message whose labels differ from the expected ones.
/// </summary>
public static class Program
{
    private static readonly JsonSerializerOptions PostJson = new(JsonSerializerDefaults.Web);

    public static int Main(string[] args)
    {
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? FindRepositoryRoot();
        var settings = OrganisationSettings.DemoIcb;
        var tests = Path.Combine(root, "tests", "Signpost.Policy.Tests");

        var policy = new PolicyEngine(settings);

        // The held-out set (written apart from the rules) lists every code of every family and
        // has posts scheduled in a pre-election period, so it runs with that period added and a
        // fixed "now" outside it.
        var heldOutPolicy = new PolicyEngine(
            settings with { PreElectionPeriods = [new PreElectionPeriod { Name = "Local elections 2027", Start = new DateOnly(2027, 3, 25), End = new DateOnly(2027, 5, 6) }] },
            new FixedTime(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
        var postFiles = new (string Name, string Path, string[] Family, PolicyEngine Engine)[]
        {
            ("Accessibility", Path.Combine(tests, "Accessibility", "labelled-posts.jsonl"), ["A11Y-"], policy),
            ("Governance", Path.Combine(tests, "Governance", "labelled-posts.jsonl"), ["IG-", "POL-", "CONDUCT-", "LINK-", "PLATFORM-", "ACCOUNT-"], policy),
            ("held-out, all families", Path.Combine(tests, "HeldOut", "heldout-posts.jsonl"), ["A11Y-", "IG-", "POL-", "CONDUCT-", "LINK-", "PLATFORM-", "ACCOUNT-"], heldOutPolicy),
        };
        foreach (var (name, path, family, postEngine) in postFiles)
        {
            if (!File.Exists(path))
            {
                Console.WriteLine($"{name}: {path} not found, skipped.");
                continue;
            }

            var scores = new Scores();
            var count = 0;
            foreach (var (id, line, expect) in ReadLabelled(path))
            {
                var post = JsonSerializer.Deserialize<Post>(line, PostJson) ?? throw new JsonException($"{id}: empty post");
                var got = new HashSet<string>(StringComparer.Ordinal);
                foreach (var finding in postEngine.Check(post))
                {
                    if (InFamily(finding.Code, family))
                    {
                        got.Add(finding.Code);
                    }
                }

                scores.Add(expect.Where(c => InFamily(c, family)), got);
                count++;
            }

            scores.Print($"Post rules — {name} ({count} posts, {Path.GetRelativePath(root, path)})", "code");
        }

        var engine = new TriageEngine(settings);
        var showMisses = args.Contains("--misses", StringComparer.Ordinal);
        var triageFiles = new (string Name, string Path)[]
        {
            ("labelled", Path.Combine(tests, "Triage", "labelled-messages.jsonl")),
            ("held-out", Path.Combine(tests, "Triage", "heldout-messages.jsonl")),
            ("fresh", Path.Combine(tests, "Triage", "fresh-messages.jsonl")),
        };
        var allMessages = new List<InboundMessage>();
        foreach (var (name, triagePath) in triageFiles)
        {
            if (!File.Exists(triagePath))
            {
                Console.WriteLine($"Triage {name}: {triagePath} not found, skipped.");
                continue;
            }

            var messages = new List<InboundMessage>();
            var triageScores = new Scores();
            var misses = new List<string>();
            foreach (var (id, line, expect) in ReadLabelled(triagePath))
            {
                using var doc = JsonDocument.Parse(line);
                var message = new InboundMessage
                {
                    Id = id,
                    Text = doc.RootElement.GetProperty("text").GetString() ?? "",
                    ReceivedAt = doc.RootElement.GetProperty("receivedAt").GetDateTimeOffset(),
                };
                messages.Add(message);
                var got = engine.Triage(message).Labels.Select(l => l.ToCode()).ToList();
                triageScores.Add(expect, got);
                if (showMisses && !expect.ToHashSet(StringComparer.Ordinal).SetEquals(got))
                {
                    misses.Add($"  {id}: expected [{string.Join(", ", expect.Order(StringComparer.Ordinal))}] got [{string.Join(", ", got.Order(StringComparer.Ordinal))}]  {message.Text}");
                }
            }

            triageScores.Print($"Triage labels — {name} ({messages.Count} messages, {Path.GetRelativePath(root, triagePath)})", "label");
            foreach (var miss in misses)
            {
                Console.WriteLine(miss);
            }

            allMessages.AddRange(messages);
        }

        MeasureThroughput(engine, allMessages);
        return 0;
    }

    private static void MeasureThroughput(TriageEngine engine, List<InboundMessage> messages)
    {
        // One thread, warmed up; speed is measured here, never asserted in a unit test (HOUSE-STYLE.md).
        for (var i = 0; i < 20; i++)
        {
            foreach (var m in messages)
            {
                engine.Triage(m);
            }
        }

        var rounds = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var m in messages)
            {
                engine.Triage(m);
            }

            rounds++;
        }

        watch.Stop();
        var total = (double)rounds * messages.Count;
        var averageLength = messages.Average(m => m.Text.Length);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Triage throughput: {total / watch.Elapsed.TotalSeconds:N0} messages/second on one thread (average {averageLength:N0} characters)"));
    }

    private static bool InFamily(string code, string[] family)
    {
        foreach (var prefix in family)
        {
            if (code.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(string Id, string Line, List<string> Expect)> ReadLabelled(string path)
    {
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var id = doc.RootElement.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? $"line {n}" : $"line {n}";
            var expect = doc.RootElement.GetProperty("expect").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            yield return (id, line, expect);
        }
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Signpost.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run from inside the repository or pass its path as the first argument.");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>True/false positives and false negatives per code or label.</summary>
    private sealed class Scores
    {
        private readonly SortedDictionary<string, int[]> _counts = new(StringComparer.Ordinal);

        public void Add(IEnumerable<string> expected, IEnumerable<string> got)
        {
            var expectedSet = expected.ToHashSet(StringComparer.Ordinal);
            var gotSet = got.ToHashSet(StringComparer.Ordinal);
            foreach (var code in expectedSet.Union(gotSet))
            {
                if (!_counts.TryGetValue(code, out var c))
                {
                    _counts[code] = c = new int[3];
                }

                var inExpected = expectedSet.Contains(code);
                var inGot = gotSet.Contains(code);
                c[inExpected && inGot ? 0 : inGot ? 1 : 2]++;
            }
        }

        public void Print(string title, string what)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine($"{what,-28} {"precision",9} {"recall",7} {"F1",6} {"support",8} {"TP",5} {"FP",5} {"FN",5}");
            Console.WriteLine(new string('-', 78));
            int tp = 0, fp = 0, fn = 0;
            foreach (var (code, c) in _counts)
            {
                tp += c[0];
                fp += c[1];
                fn += c[2];
                Row(code, c[0], c[1], c[2]);
            }

            Console.WriteLine(new string('-', 78));
            Row("micro average", tp, fp, fn);
        }

        private static void Row(string name, int tp, int fp, int fn)
        {
            var precision = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
            var recall = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
            var f1 = double.IsNaN(precision) || double.IsNaN(recall) || precision + recall == 0 ? double.NaN : 2 * precision * recall / (precision + recall);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {Format(precision),9} {Format(recall),7} {Format(f1),6} {tp + fn,8} {tp,5} {fp,5} {fn,5}"));
        }

        private static string Format(double value) => double.IsNaN(value) ? "-" : value.ToString("F2", CultureInfo.InvariantCulture);
    }
}
