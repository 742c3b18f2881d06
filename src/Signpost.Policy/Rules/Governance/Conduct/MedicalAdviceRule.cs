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
/// pharmacist", "take 2 minutes to fill in our survey") name no medicine or dose and stay quiet;
/// "you should take your medicines with you to hospital" is about bringing them, not taking them.
/// </para>
/// </summary>
internal sealed partial class MedicalAdviceRule : IPostRule
{
    private const string Suggestion =
        "We can't give medical advice on social media. Please contact your GP or NHS 111, or call 999 in a life-threatening emergency.";

    // The advice pattern needs a medicine, "taking your", or a dose unit with how often: a post
    // with none of these words skips the regex.
    private static readonly SearchValues<string> MedicineCues = SearchValues.Create(
        ["paracetamol", "ibuprofen", "aspirin", "codeine", "naproxen", "antibiotic", "tablet", "pill", "capsule", "medication",
         "medicine", "meds", "dose", "inhaler", "insulin", "statin", "antidepressant", "steroid", "prescription", "warfarin",
         "metformin", "sertraline", "amoxicillin", "omeprazole", "antihistamine", "laxative", "painkiller", "taking your"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> FrequencyCues = SearchValues.Create(
        [" day", "daily", "hours", "night", "morning"], StringComparison.OrdinalIgnoreCase);

    public string Code => "CONDUCT-MEDICAL-ADVICE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text.AsSpan();
        if (context.Post.Account == AccountKind.Personal
            || (text.IndexOfAny(MedicineCues) < 0 && (text.IndexOfAnyInRange('0', '9') < 0 || text.IndexOfAny(FrequencyCues) < 0)))
        {
            return;
        }

        // Each pattern starts with a literal word, so the regex engine can search for it quickly;
        // the dose pattern runs only when there is a digit and a frequency word.
        var match = YouShouldPattern().Match(context.Text);
        if (!match.Success)
        {
            match = YourMedicinePattern().Match(context.Text);
        }

        if (!match.Success)
        {
            match = TakePattern().Match(context.Text);
        }

        if (!match.Success && text.IndexOfAnyInRange('0', '9') >= 0 && text.IndexOfAny(FrequencyCues) >= 0)
        {
            match = DosePattern().Match(context.Text);
        }

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

    private const string Frequency = @"(?:once|twice|three\s+times|four\s+times|\d\s+times)\s+(?:(?:a|per)\s+day|daily)|every\s+\d+\s*(?:(?:to|-|–)\s*\d+\s*)?hours|at\s+night|in\s+the\s+morning";

    [GeneratedRegex(
        @"\byou\s+(?:should|must|need\s+to|could|can|'d\s+better|ought\s+to)\s+(?:(?:try\s+)?tak(?:e|ing)|stop(?:\s+taking)?|start(?:\s+taking)?|increase|reduce|double|halve|skip|come\s+off|up|lower)\s+(?:your\s+|some\s+|an?\s+|\d+\s+)?(?:\w+\s+)?" + Medicine + @"\b(?!\s+(?:with\s+you|along|to\s+(?:hospital|your|the|all)))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YouShouldPattern();

    [GeneratedRegex(
        @"\b(?:(?:stop|start|keep)\s+taking\s+your\b|(?:double|increase|reduce|halve|up|lower|skip)\s+your\s+" + Medicine + @"\b)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YourMedicinePattern();

    [GeneratedRegex(@"\btake\s+(?:\d+|one|two|three|four)\s+(?:\w+\s+)?" + Medicine + @"\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TakePattern();

    // "5ml of liquid paracetamol every 4 to 6 hours": the medicine may sit between the dose and how often.
    [GeneratedRegex(@"\b" + Dose + @"[^.!?\n]{0,40}?\b(?:" + Frequency + @")", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DosePattern();
}
