using System.Runtime.CompilerServices;
using System.Text.Json;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Accessibility;

/// <summary>
/// labelled-posts.jsonl: realistic NHS posts, each with the A11Y-* codes that must fire; every other
/// A11Y-* code must not fire. A precision/recall tool reads the same file.
/// </summary>
public sealed class LabelledPostsTests
{
    private static readonly Dictionary<string, LabelledPost> Posts = Load();

    public static TheoryData<string> Ids()
    {
        var ids = new TheoryData<string>();
        foreach (var id in Posts.Keys)
        {
            ids.Add(id);
        }

        return ids;
    }

    [Fact]
    public void LabelledPosts_File_HasEnoughExamplesAndTraps()
    {
        // Assert
        Assert.True(Posts.Count >= 120, $"only {Posts.Count} labelled posts");
        Assert.True(Posts.Values.Count(p => p.Expect.Count == 0) >= 40, "too few posts that must not fire");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Check_LabelledPost_FiresExactlyTheExpectedCodes(string id)
    {
        // Arrange
        var labelled = Posts[id];
        var engine = new PolicyEngine(OrganisationSettings.DemoIcb);
        var post = new Post
        {
            Text = labelled.Text,
            Platform = labelled.Platform,
            Account = labelled.Account,
            Media = labelled.Media ?? [],
        };

        // Act
        var fired = engine.Check(post)
            .Where(f => f.Code.StartsWith("A11Y-", StringComparison.Ordinal))
            .Select(f => f.Code)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

        // Assert
        Assert.Equal(labelled.Expect.Order(StringComparer.Ordinal).ToArray(), fired);
    }

    private static Dictionary<string, LabelledPost> Load([CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "labelled-posts.jsonl");
        var posts = new Dictionary<string, LabelledPost>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var post = JsonSerializer.Deserialize<LabelledPost>(line, OrganisationSettings.JsonOptions)!;
            posts.Add(post.Id, post);
        }

        return posts;
    }

    private sealed record LabelledPost(
        string Id,
        Platform? Platform,
        AccountKind Account,
        string Text,
        IReadOnlyList<MediaItem>? Media,
        IReadOnlyList<string> Expect);
}
