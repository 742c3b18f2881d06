using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signpost.Policy.Settings;
using Signpost.Policy.Tests.Governance;

namespace Signpost.Policy.Tests.HeldOut;

/// <summary>
/// The held-out post set (heldout-posts.jsonl): 300 NHS posts written apart from the rules and the
/// labelled sets, each listing every RULES.md code that must fire, of every family. Unlike the
/// labelled sets it is scored in aggregate, per code, as a quality bar for posts the rules were not
/// written against: precision at least 0.9 and recall at least 0.85 for every code with three or
/// more posts that expect it, and no error finding on a post that expects none. It runs with the demo
/// ICB's settings plus the local elections 2027 pre-election period, at a fixed time outside it.
/// </summary>
public sealed class HeldOutPostsTests
{
    private const double MinimumPrecision = 0.9;
    private const double MinimumRecall = 0.85;
    private const int MinimumSupport = 3;

    private static readonly OrganisationSettings Settings = OrganisationSettings.DemoIcb with
    {
        PreElectionPeriods = [new PreElectionPeriod { Name = "Local elections 2027", Start = new DateOnly(2027, 3, 25), End = new DateOnly(2027, 5, 6) }],
    };

    private static readonly Lazy<PolicyEngine> Engine = new(() => new PolicyEngine(Settings, new GovernanceTestKit.FixedTime(GovernanceTestKit.Now)));

    private static readonly Lazy<List<(string Id, Post Post, HashSet<string> Expected, HashSet<string> Actual, List<Finding> Findings)>> Results = new(Run);

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var (code, support) in Results.Value.SelectMany(r => r.Expected).CountBy(c => c).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (support >= MinimumSupport)
            {
                data.Add(code);
            }
        }

        return data;
    }

    [Fact]
    public void HeldOutSet_HasAtLeast200PostsHalfOfThemCleanWithUniqueIds()
    {
        var results = Results.Value;

        Assert.True(results.Count >= 200, $"only {results.Count} held-out posts");
        Assert.True(results.Count(r => r.Expected.Count == 0) * 2 >= results.Count, "fewer than half the posts are clean");
        Assert.Equal(results.Count, results.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void HeldOutSet_ExpectsOnlyKnownCodes()
    {
        var known = PostRuleCatalogue().ToHashSet(StringComparer.Ordinal);

        var unknown = Results.Value.SelectMany(r => r.Expected).Where(c => !known.Contains(c)).Distinct(StringComparer.Ordinal).ToList();

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Check_HeldOutPosts_EachCodeMeetsPrecisionAndRecall(string code)
    {
        var results = Results.Value;
        var truePositives = results.Count(r => r.Expected.Contains(code) && r.Actual.Contains(code));
        var falsePositives = results.Where(r => !r.Expected.Contains(code) && r.Actual.Contains(code)).Select(r => r.Id).ToList();
        var falseNegatives = results.Where(r => r.Expected.Contains(code) && !r.Actual.Contains(code)).Select(r => r.Id).ToList();

        var precision = truePositives + falsePositives.Count == 0 ? 1 : (double)truePositives / (truePositives + falsePositives.Count);
        var recall = (double)truePositives / (truePositives + falseNegatives.Count);

        Assert.True(precision >= MinimumPrecision, $"{code}: precision {precision:F2}; fired wrongly on {string.Join(", ", falsePositives)}");
        Assert.True(recall >= MinimumRecall, $"{code}: recall {recall:F2}; missed {string.Join(", ", falseNegatives)}");
    }

    [Fact]
    public void Check_HeldOutCleanPosts_HaveNoErrorFinding()
    {
        var errors = Results.Value
            .Where(r => r.Expected.Count == 0)
            .SelectMany(r => r.Findings.Where(f => f.Severity == Severity.Error).Select(f => $"{r.Id}: {f.Code}"))
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void Check_HeldOutPosts_NoCodeFiresWhereNoPostExpectsIt()
    {
        var expectedAnywhere = Results.Value.SelectMany(r => r.Expected).ToHashSet(StringComparer.Ordinal);

        var stray = Results.Value
            .SelectMany(r => r.Actual.Where(c => !expectedAnywhere.Contains(c)).Select(c => $"{r.Id}: {c}"))
            .ToList();

        Assert.Empty(stray);
    }

    private static IEnumerable<string> PostRuleCatalogue() => Engine.Value.Codes;

    private static List<(string, Post, HashSet<string>, HashSet<string>, List<Finding>)> Run()
    {
        var results = new List<(string, Post, HashSet<string>, HashSet<string>, List<Finding>)>();
        foreach (var line in File.ReadLines(DataPath()))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var json = JsonNode.Parse(line)!.AsObject();
            var post = JsonSerializer.Deserialize<Post>(line, OrganisationSettings.JsonOptions)!;
            var expected = json["expect"]!.AsArray().Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var findings = Engine.Value.Check(post).ToList();
            results.Add((json["id"]!.GetValue<string>(), post, expected, findings.Select(f => f.Code).ToHashSet(StringComparer.Ordinal), findings));
        }

        return results;
    }

    // Read from the source folder: the test project copies no data files to its output.
    private static string DataPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "heldout-posts.jsonl");
}
