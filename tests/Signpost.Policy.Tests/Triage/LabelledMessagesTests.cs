using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Policy.Tests.Triage;

/// <summary>
/// The labelled set (labelled-messages.jsonl, 350 realistic inbound messages and traps): every
/// urgent label must be found (a missed safeguarding disclosure is worse than a false alarm), and
/// precision, recall and F1 must stay above the targets for every label.
/// </summary>
public sealed class LabelledMessagesTests
{
    private static readonly TriageEngine Engine = new(OrganisationSettings.DemoIcb);

    private static readonly TriageLabel[] Urgent = [TriageLabel.ImmediateDanger, TriageLabel.Safeguarding, TriageLabel.PatientSafety];

    private static List<LabelledMessage> Load() => LabelledMessageSet.Load("labelled-messages.jsonl");

    [Fact]
    public void LabelledSet_Loaded_HasAtLeast320MessagesWithUniqueIds()
    {
        var examples = Load();

        Assert.True(examples.Count >= 320, $"{examples.Count} examples");
        Assert.Equal(examples.Count, examples.Select(e => e.Id).Distinct().Count());
        foreach (var label in TriageLabels.All)
        {
            Assert.Contains(examples, e => e.Expect.Contains(label));
        }
    }

    [Fact]
    public void Triage_EveryUrgentExample_GetsItsUrgentLabels()
    {
        var missed = new List<string>();
        foreach (var example in Load())
        {
            var result = Engine.Triage(new InboundMessage { Id = example.Id, Text = example.Text, ReceivedAt = example.ReceivedAt });
            foreach (var label in Urgent)
            {
                if (example.Expect.Contains(label) && !result.Has(label))
                {
                    missed.Add($"{example.Id} {label.ToCode()}: {example.Text}");
                }
            }
        }

        Assert.True(missed.Count == 0, "Missed urgent labels:\n" + string.Join('\n', missed));
    }

    [Fact]
    public void Triage_LabelledSet_MeetsPrecisionAndRecallTargets()
    {
        var tp = new int[TriageLabels.All.Count];
        var fp = new int[TriageLabels.All.Count];
        var fn = new int[TriageLabels.All.Count];
        foreach (var example in Load())
        {
            var got = Engine.Triage(new InboundMessage { Text = example.Text, ReceivedAt = example.ReceivedAt }).Labels.ToHashSet();
            foreach (var label in TriageLabels.All)
            {
                var i = (int)label;
                if (got.Contains(label) && example.Expect.Contains(label))
                {
                    tp[i]++;
                }
                else if (got.Contains(label))
                {
                    fp[i]++;
                }
                else if (example.Expect.Contains(label))
                {
                    fn[i]++;
                }
            }
        }

        var failures = new List<string>();
        foreach (var label in TriageLabels.All)
        {
            var i = (int)label;
            var precision = tp[i] + fp[i] == 0 ? 1.0 : (double)tp[i] / (tp[i] + fp[i]);
            var recall = tp[i] + fn[i] == 0 ? 1.0 : (double)tp[i] / (tp[i] + fn[i]);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var urgent = Array.IndexOf(Urgent, label) >= 0;

            // RULES.md urgent labels: recall >= 0.95 and F1 >= 0.85; the others: precision >= 0.85 and F1 >= 0.80.
            if (urgent ? recall < 0.95 || f1 < 0.85 : precision < 0.85 || f1 < 0.80)
            {
                failures.Add($"{label.ToCode()}: P {precision:F2} R {recall:F2} F1 {f1:F2}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
