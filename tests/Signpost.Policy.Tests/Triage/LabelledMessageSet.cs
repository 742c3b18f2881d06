using System.Runtime.CompilerServices;
using System.Text.Json;
using Signpost.Policy.Triage;

namespace Signpost.Policy.Tests.Triage;

/// <summary>One inbound message of a labelled set, with the full set of labels it should get.</summary>
internal sealed record LabelledMessage(string Id, string Text, DateTimeOffset ReceivedAt, HashSet<TriageLabel> Expect);

/// <summary>Reads a labelled message set (one JSON object a line) from this folder.</summary>
internal static class LabelledMessageSet
{
    public static List<LabelledMessage> Load(string fileName, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, fileName);
        var examples = new List<LabelledMessage>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var expect = new HashSet<TriageLabel>();
            foreach (var code in root.GetProperty("expect").EnumerateArray())
            {
                Assert.True(TriageLabels.TryParse(code.GetString()!, out var label), $"unknown label {code} in {root.GetProperty("id")}");
                expect.Add(label);
            }

            examples.Add(new LabelledMessage(
                root.GetProperty("id").GetString()!,
                root.GetProperty("text").GetString()!,
                root.GetProperty("receivedAt").GetDateTimeOffset(),
                expect));
        }

        return examples;
    }
}
