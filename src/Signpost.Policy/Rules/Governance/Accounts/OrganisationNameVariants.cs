using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Accounts;

/// <summary>
/// The ways a handle can name the organisation, normalised (lower case, letters and digits only).
/// 004 §6.7.9: "Using MSE, Mid and South Essex or any other variation of our ICS name in your
/// handle, for example, @JoeBloggsMSEICS". From each name and short name: the whole name, the
/// name without "NHS", the place part without the organisation type ("Mid and South Essex"),
/// its initials when it has two or more words ("MSE"), and those with ICB/ICS added.
/// </summary>
internal static class OrganisationNameVariants
{
    // Words that say what kind of body it is, not which one.
    private static readonly string[] TypeWords =
        ["nhs", "integrated", "care", "board", "system", "partnership", "icb", "ics", "foundation", "trust", "university", "hospitals", "hospital", "teaching", "health", "and", "of", "the"];

    public static string[] For(OrganisationSettings settings)
    {
        var variants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in (IEnumerable<string>)[settings.Organisation.Name, .. settings.Organisation.ShortNames])
        {
            var words = Words(name);
            if (words.Count == 0)
            {
                continue;
            }

            Add(variants, string.Concat(words));
            Add(variants, string.Concat(words.Where(w => w != "nhs")));

            var place = words.Where(w => !TypeWords.Contains(w)).ToList();
            var placeWithAnd = TrimTypeWords(words);
            Add(variants, string.Concat(placeWithAnd));
            if (place.Count >= 2)
            {
                var initials = string.Concat(place.Select(w => w[0]));
                Add(variants, initials);
                Add(variants, initials + "icb");
                Add(variants, initials + "ics");
            }
            else if (place.Count == 1)
            {
                Add(variants, place[0] + "icb");
                Add(variants, place[0] + "ics");
            }
        }

        return [.. variants.OrderByDescending(v => v.Length)];
    }

    /// <summary>Lower-case letters and digits of a handle or name, nothing else ("@Joe_Bloggs-MSE" → "joebloggsmse").</summary>
    public static string Normalise(string text)
    {
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return buffer[..length].ToString();
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        foreach (var word in name.Split([' ', '-', '&', ',', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalised = Normalise(word);
            if (normalised.Length > 0)
            {
                words.Add(normalised);
            }
        }

        return words;
    }

    // "NHS Mid and South Essex Integrated Care Board" → "mid and south essex".
    private static List<string> TrimTypeWords(List<string> words)
    {
        var start = 0;
        var end = words.Count;
        while (start < end && TypeWords.Contains(words[start]))
        {
            start++;
        }

        while (end > start && TypeWords.Contains(words[end - 1]))
        {
            end--;
        }

        return words.GetRange(start, end - start);
    }

    // Three letters is the shortest variant that still names the organisation ("MSE"); shorter
    // ones would match ordinary handles.
    private static void Add(HashSet<string> variants, string variant)
    {
        if (variant.Length >= 3)
        {
            variants.Add(variant);
        }
    }
}
