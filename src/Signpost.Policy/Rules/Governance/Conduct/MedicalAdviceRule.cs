using System.Buffers;
using System.Text.RegularExpressions;

namespace Signpost.Policy.Rules.Governance.Conduct;

/// <summary>
/// CONDUCT-MEDICAL-ADVICE: clinical advice to an individual from a corporate or departmental
/// account. 004 §6.5.1: "We do not provide medical advice on social media channels; individuals
/// with medical questions are advised to contact their local GP, NHS111 or to call 999 in a
/// life-threatening emergency."
/// <para>
/// It looks for advice about a medicine or dose: "you should take/stop taking…", "stop taking
/// your…", "double your dose", "take 2 paracetamol", and a dose with how often ("500mg twice a
/// day"). Public-health messages ("Get your flu jab", "Call 999 in an emergency", "Speak to your
/// pharmacist", "take 2 minutes to fill in our survey") name no medicine or dose and stay quiet.
/// </para>
/// </summary>
internal sealed partial class MedicalAdviceRule : IPostRule
{
    private const string Suggestion =
        "We can't give medical advice on social media. Please contact your GP or NHS 111, or call 999 in a life-threatening emergency.";

    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["take", "taking", "stop", "dose", "mg", "ml", "tablet", "double", "increase", "reduce", "halve", "micrograms", "units"],
        StringComparison.OrdinalIgnoreCase);

    public string Code => "CONDUCT-MEDICAL-ADVICE";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Account == AccountKind.Personal || context.Text.AsSpan().IndexOfAny(Cues) < 0)
        {
            return;
        }

        var match = AdvicePattern().Match(context.Text);
        if (!match.Success)
        {
            return;
        }

        findings.Add(new Finding(
            Code,
            Severity.Warning,
            match.Index,
            match.Length,
            "This reads as clinical advice to an individual. Corporate accounts do not give medical advice: signpost to a GP, NHS 111, or 999 in a life-threatening emergency (004 §6.5.1).",
            Suggestion));
    }

    private const string Medicine =
        @"(?:paracetamol|ibuprofen|aspirin|codeine|co-codamol|naproxen|antibiotics?|tablets?|pills?|capsules?|medication|medicines?|meds|dose|doses|dosage|inhaler|insulin|statins?|antidepressants?|steroids?|prescription|warfarin|metformin|sertraline|amoxicillin|omeprazole|antihistamines?|laxatives?|painkillers?)";

    private const string Dose = @"\d+(?:\.\d+)?\s?(?:mg|mcg|µg|micrograms?|milligrams?|ml|g|units?|tablets?|capsules?|puffs?|drops?|sachets?)\b";

    private const string Frequency = @"(?:once|twice|three\s+times|four\s+times|\d\s+times)\s+(?:a|per)\s+day|every\s+\d+\s+(?:to\s+\d+\s+)?hours|at\s+night|in\s+the\s+morning";

    [GeneratedRegex(
        @"\byou\s+(?:should|must|need\s+to|could|can|'d\s+better|ought\s+to)\s+(?:(?:try\s+)?tak(?:e|ing)|stop(?:\s+taking)?|start(?:\s+taking)?|increase|reduce|double|halve|skip|come\s+off|up|lower)\s+(?:your\s+|some\s+|an?\s+|\d+\s+)?(?:\w+\s+)?" + Medicine + @"\b"
        + @"|\b(?:stop|start|keep)\s+taking\s+your\b"
        + @"|\b(?:double|increase|reduce|halve|up|lower|skip)\s+your\s+" + Medicine + @"\b"
        + @"|\btake\s+(?:\d+|one|two|three|four)\s+(?:\w+\s+)?" + Medicine + @"\b"
        + @"|\b" + Dose + @"[^.!?\n]{0,20}?\b(?:" + Frequency + @")",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AdvicePattern();
}
