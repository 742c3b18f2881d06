using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Governance;

/// <summary>
/// Runs every labelled example post in labelled-posts.jsonl through the engine with the demo
/// ICB's settings: each code of the governance families listed in "expect" must fire, and no
/// other code of those families may.
/// </summary>
public sealed class LabelledPostsTests
{
    private static readonly string[] Families = ["IG-", "POL-", "CONDUCT-", "LINK-", "PLATFORM-", "ACCOUNT-"];

    private static readonly Lazy<PolicyEngine> Engine = new(() => new PolicyEngine(
        OrganisationSettings.DemoIcb,
        new GovernanceTestKit.FixedTime(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero))));

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var (id, _) in LoadPosts())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void LabelledPosts_File_HasAtLeast180PostsWithUniqueIds()
    {
        var posts = LoadPosts();

        Assert.True(posts.Count >= 180, $"only {posts.Count} labelled posts");
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Check_LabelledPost_FiresExactlyTheExpectedGovernanceCodes(string id)
    {
        var line = LoadPosts().Single(p => p.Id == id).Json;
        var post = ToPost(line);
        var expected = line["expect"]!.AsArray().Select(e => e!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        var actual = Engine.Value.Check(post)
            .Select(f => f.Code)
            .Where(code => Families.Any(f => code.StartsWith(f, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(expected, actual);
    }

    internal static Post ToPost(JsonObject line) =>
        JsonSerializer.Deserialize<Post>(line.ToJsonString(), OrganisationSettings.JsonOptions)!;

    // Read from the source folder: the test project copies no data files to its output.
    private static List<(string Id, JsonObject Json)> LoadPosts([CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "labelled-posts.jsonl");
        var posts = new List<(string, JsonObject)>();
        foreach (var text in File.ReadLines(path))
        {
            if (text.Length > 0)
            {
                var json = JsonNode.Parse(text)!.AsObject();
                posts.Add((json["id"]!.GetValue<string>(), json));
            }
        }

        return posts;
    }
}
