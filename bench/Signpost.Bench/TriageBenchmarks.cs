using BenchmarkDotNet.Attributes;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Bench;

/// <summary><see cref="TriageEngine.Triage"/> per message, on one thread, over the 352 labelled messages.</summary>
[MemoryDiagnoser]
public class TriageBenchmarks
{
    private TriageEngine _engine = null!;
    private InboundMessage[] _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = new TriageEngine(OrganisationSettings.DemoIcb);
        _messages = [.. BenchData.Messages()];
        foreach (var message in _messages)
        {
            _engine.Triage(message);
        }
    }

    [Benchmark(OperationsPerInvoke = 352, Description = "triage, labelled messages (per message)")]
    public int TriageAll()
    {
        var labels = 0;
        for (var i = 0; i < 352; i++)
        {
            labels += _engine.Triage(_messages[i % _messages.Length]).Labels.Count;
        }

        return labels;
    }
}
