using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Policy.Tests.Triage;

/// <summary>
/// The held-out set (heldout-messages.jsonl, 221 messages written before the lexicon was read, by
/// someone other than its author): the urgent labels must reach recall ≥ 0.95 and F1 ≥ 0.85,
/// counted over the whole set per label (RULES.md: a missed safeguarding disclosure is worse than a
/// false alarm). The rules were widened after a first measure on this set, so it is now a
/// development set too; fresh-messages.jsonl was kept out of tuning and is only measured by the
/// quality bench. Also the mechanisms added with it: word+, %N, [@alias], typos, pair rules, ages.
/// </summary>
public sealed class HeldOutMessagesTests
{
    private static readonly TriageEngine Engine = new(OrganisationSettings.DemoIcb);

    private static readonly TriageLabel[] Urgent = [TriageLabel.ImmediateDanger, TriageLabel.Safeguarding, TriageLabel.PatientSafety];

    private static List<LabelledMessage> Load() => LabelledMessageSet.Load("heldout-messages.jsonl");

    private static TriageResult Triage(string text) =>
        Engine.Triage(new InboundMessage { Text = text, ReceivedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero) });

    [Fact]
    public void HeldOutSet_Loaded_HasAtLeast200MessagesAnd40Urgent()
    {
        var examples = Load();

        Assert.True(examples.Count >= 200, $"{examples.Count} examples");
        Assert.Equal(examples.Count, examples.Select(e => e.Id).Distinct().Count());
        Assert.True(examples.Count(e => e.Expect.Overlaps(Urgent)) >= 40);
    }

    [Fact]
    public void Triage_HeldOutSet_UrgentLabelsMeetRecallAndF1Targets()
    {
        var examples = Load();
        var failures = new List<string>();
        var misses = new List<string>();
        foreach (var label in Urgent)
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var example in examples)
            {
                var got = Triage(example.Text).Has(label);
                var expected = example.Expect.Contains(label);
                if (got && expected)
                {
                    tp++;
                }
                else if (got)
                {
                    fp++;
                    misses.Add($"{example.Id} false {label.ToCode()}: {example.Text}");
                }
                else if (expected)
                {
                    fn++;
                    misses.Add($"{example.Id} missed {label.ToCode()}: {example.Text}");
                }
            }

            var precision = tp + fp == 0 ? 1.0 : (double)tp / (tp + fp);
            var recall = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (recall < 0.95 || f1 < 0.85)
            {
                failures.Add($"{label.ToCode()}: P {precision:F2} R {recall:F2} F1 {f1:F2}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + string.Join('\n', misses));
    }

    [Fact]
    public void Triage_HeldOutSet_EveryUrgentLabelCarriesTheWordsAndSpanThatGaveIt()
    {
        foreach (var example in Load())
        {
            var result = Triage(example.Text);
            foreach (var label in Urgent.Where(result.Has))
            {
                var reasons = result.Reasons.Where(r => r.Label == label).ToList();
                Assert.NotEmpty(reasons);
                foreach (var reason in reasons)
                {
                    Assert.NotNull(reason.Start);
                    Assert.Equal(reason.Evidence, example.Text.Substring(reason.Start!.Value, reason.Length!.Value));
                    Assert.False(string.IsNullOrWhiteSpace(reason.Rule));
                }
            }
        }
    }

    [Theory]
    [InlineData("my mate slapped her again last night, she's scared of him", "slapped")] // slap+ in the lexicon
    [InlineData("took 30 sertraline about 20 mins ago", "took 30 sertraline")] // %10: a number of at least 10
    [InlineData("he's unconcious on the kitchen floor", "unconcious")] // a typo read as "unconscious"
    public void Triage_LexiconMechanisms_FindTheWordsAsWritten(string text, string evidence)
    {
        var result = Triage(text);

        Assert.True(result.Priority == TriagePriority.Urgent, string.Join(", ", result.Labels));
        Assert.Contains(result.Reasons, r => r.Evidence.Contains(evidence, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("took 2 paracetamol for my headache, is that ok with ibuprofen?")] // a number below the %10 threshold
    [InlineData("the cooking on ward 6 has improved, thank you")] // one letter from "choking": not a swap or a vowel
    [InlineData("my son is 15 and I'm 45, can he get his flu jab without me?")] // ages without a relationship
    [InlineData("I'm 15 minutes late for my appointment, will they still see me?")] // a number before a unit is not an age
    [InlineData("I can't see the point of the new parking app")] // not "the point anymore"
    [InlineData("thinking about ending things with my boyfriend, any counselling on offer?")]
    [InlineData("on hold 40 minutes then the phone cut off, what is the point")]
    public void Triage_NewRules_DoNotFireOnOrdinaryMessages(string text)
    {
        var result = Triage(text);

        Assert.False(result.Priority == TriagePriority.Urgent, string.Join(", ", result.Reasons.Select(r => $"{r.Label.ToCode()}: {r.Rule} \"{r.Evidence}\"")));
    }

    [Fact]
    public void Triage_AgeGap_NamesBothAgesAndTheRelationship()
    {
        var result = Triage("im 15 and my boyfriend is 24 and says i cant tell my mum");

        Assert.True(result.Has(TriageLabel.Safeguarding));
        var evidence = result.Reasons.Where(r => r.Label == TriageLabel.Safeguarding).Select(r => r.Evidence).ToList();
        Assert.Contains("15", evidence);
        Assert.Contains("24", evidence);
        Assert.Contains(evidence, e => e.Contains("boyfriend", StringComparison.Ordinal));
    }

    [Fact]
    public void Triage_TwoWarningSigns_GiveDangerAndSafeguardingWithBothReasons()
    {
        var result = Triage("sorry for everything. my phone will be off, I've written a note for mum");

        Assert.True(result.Has(TriageLabel.ImmediateDanger));
        Assert.True(result.Has(TriageLabel.Safeguarding));
        Assert.True(result.Reasons.Count(r => r.Label == TriageLabel.ImmediateDanger && r.Rule.StartsWith("warning signs", StringComparison.Ordinal)) >= 2);
    }
}
