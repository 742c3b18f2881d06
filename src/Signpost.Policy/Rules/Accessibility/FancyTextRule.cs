using System.Text;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-FANCY-TEXT: Unicode "fancy" letters (mathematical bold/italic/script, circled, full-width, small
/// capitals) that screen readers read as symbols or skip. 001 §7.1: "Avoid special characters." One
/// finding per run of fancy text, with its plain-text form as the suggestion.
/// </summary>
public sealed class FancyTextRule : IPostRule
{
    public string Code => "A11Y-FANCY-TEXT";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        var i = 0;
        int runStart = -1, runEnd = -1, strong = 0, weak = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x01EB)
            {
                // Spaces and punctuation join a run ("𝐅𝐫𝐞𝐞 𝐟𝐥𝐮 𝐣𝐚𝐛𝐬!"); a plain letter, digit or new line ends it.
                if (runStart >= 0 && (char.IsLetterOrDigit(c) || c == '\n'))
                {
                    Flush(context, findings, runStart, runEnd, strong, weak);
                    runStart = -1;
                    strong = weak = 0;
                }

                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            if (status == System.Buffers.OperationStatus.Done && FancyText.IsFancy(rune.Value, out _, out var isWeak))
            {
                if (runStart < 0)
                {
                    runStart = i;
                }

                runEnd = i + used;
                strong += isWeak ? 0 : 1;
                weak += isWeak ? 1 : 0;
            }
            else if (runStart >= 0 && status == System.Buffers.OperationStatus.Done && Rune.IsLetterOrDigit(rune))
            {
                Flush(context, findings, runStart, runEnd, strong, weak);
                runStart = -1;
                strong = weak = 0;
            }

            i += Math.Max(1, used);
        }

        if (runStart >= 0)
        {
            Flush(context, findings, runStart, runEnd, strong, weak);
        }
    }

    private void Flush(PostContext context, List<Finding> findings, int start, int end, int strong, int weak)
    {
        if (strong == 0 && weak < 2)
        {
            return;
        }

        var span = context.Text.AsSpan(start, end - start);
        var plain = FancyText.ToPlain(span);
        findings.Add(new Finding(
            Code, Severity.Error, start, end - start,
            $"\"{plain}\" is written in special Unicode characters that screen readers read out as symbols or skip: use plain text (001 §7.1 \"Avoid special characters\").",
            plain));
    }
}
