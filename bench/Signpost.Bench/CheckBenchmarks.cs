using BenchmarkDotNet.Attributes;
using Signpost.Policy;
using Signpost.Policy.Settings;

namespace Signpost.Bench;

/// <summary>
/// <see cref="PolicyEngine.Check"/> per post, on one thread: every labelled post (a mix of clean
/// posts and every kind of finding) and the clean ones alone (what most posts look like).
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private PolicyEngine _engine = null!;
    private Post[] _mix = [];
    private Post[] _typical = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = new PolicyEngine(OrganisationSettings.DemoIcb);
        _mix = [.. BenchData.Posts()];
        _typical = [.. BenchData.TypicalPosts()];
        foreach (var post in _mix)
        {
            _engine.Check(post);
        }
    }

    [Benchmark(OperationsPerInvoke = 370, Description = "check, labelled mix (per post)")]
    public int CheckMix() => CheckAll(_mix, 370);

    [Benchmark(OperationsPerInvoke = 200, Description = "check, clean posts (per post)")]
    public int CheckTypical() => CheckAll(_typical, 200);

    /// <summary>Checks exactly <paramref name="count"/> posts (cycling), so that OperationsPerInvoke is exact.</summary>
    private int CheckAll(Post[] posts, int count)
    {
        var findings = 0;
        for (var i = 0; i < count; i++)
        {
            findings += _engine.Check(posts[i % posts.Length]).Count;
        }

        return findings;
    }
}
