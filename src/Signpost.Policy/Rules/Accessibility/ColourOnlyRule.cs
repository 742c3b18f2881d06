using System.Collections.Frozen;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-COLOUR-ONLY: meaning carried by colour alone ("the items in red"). 001 §7.1: "Don't rely on
/// colour to convey meaning … add clarifying labels." Only colour used as a pointer fires ("shown in
/// green", "the red ones"); names such as "red flag symptoms", "Blue Badge" or "wear red" do not.
/// </summary>
public sealed class ColourOnlyRule : IPostRule
{
    private static readonly FrozenSet<string> Colours = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "red", "green", "amber", "blue", "yellow", "orange", "purple", "pink", "grey", "gray", "brown");

    /// <summary>Words before "in &lt;colour&gt;" that point at something by its colour.</summary>
    private static readonly FrozenSet<string> Pointers = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "highlighted", "marked", "shown", "coloured", "colored", "written", "circled", "printed", "outlined",
        "shaded", "items", "ones", "areas", "sections", "text", "dates", "services", "boxes", "those", "names",
        "days", "times", "sites", "clinics", "pharmacies", "practices", "options", "fields", "words", "appear",
        "appears", "are", "is", "anything", "everything");

    /// <summary>Nouns after "the &lt;colour&gt;" that point at something by its colour.</summary>
    private static readonly FrozenSet<string> Pointed = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "ones", "items", "areas", "sections", "boxes", "dots", "text", "days", "dates", "sites", "markers",
        "pins", "squares", "circles", "segments", "bars", "lines", "zones");

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _colours = Colours.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _pointers = Pointers.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _pointed = Pointed.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Code => "A11Y-COLOUR-ONLY";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        var tokens = text.Tokens;
        for (var i = 1; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Word || !_colours.Contains(text[token]))
            {
                continue;
            }

            var previous = tokens[i - 1];
            int start = -1, end = token.End;
            if (previous.Kind == TokenKind.Word && text[previous].Equals("in", StringComparison.OrdinalIgnoreCase)
                && i >= 2 && tokens[i - 2].Kind == TokenKind.Word && _pointers.Contains(text[tokens[i - 2]]))
            {
                start = tokens[i - 2].Start;
            }
            else if (previous.Kind == TokenKind.Word && text[previous].Equals("the", StringComparison.OrdinalIgnoreCase)
                && i + 1 < tokens.Length && tokens[i + 1].Kind == TokenKind.Word && _pointed.Contains(text[tokens[i + 1]]))
            {
                start = previous.Start;
                end = tokens[i + 1].End;
            }

            if (start >= 0)
            {
                findings.Add(new Finding(
                    Code, Severity.Info, start, end - start,
                    $"\"{context.Text.AsSpan(start, end - start)}\" carries meaning by colour alone: say it in words or add a label as well, for people who cannot see colours (001 §7.1).",
                    Suggestion: null));
            }
        }
    }
}
