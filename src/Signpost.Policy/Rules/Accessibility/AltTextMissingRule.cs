using System.Collections.Frozen;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-ALT-MISSING: an image or GIF without alt text, or with alt text that says nothing. 001 §7.1:
/// "Use descriptive captions and alternative text … for images and GIFs."
/// </summary>
public sealed class AltTextMissingRule : IPostRule
{
    private static readonly FrozenSet<string> SaysNothing = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "image", "images", "photo", "photos", "picture", "pic", "img", "graphic", "gif", "alt", "alt text",
        "alt-text", "alttext", "image of", "photo of", "picture of", "screenshot", "untitled", "placeholder",
        "n/a", "na", "none", "no alt", "tbc", "todo", "description", "image description", "insert alt text",
        "add alt text", "logo", "banner", "poster", "infographic", "video", "media", "attachment");

    private static readonly string[] FileExtensions =
        [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff", ".svg", ".mp4", ".mov"];

    private static readonly string[] CameraPrefixes = ["img_", "img-", "dsc", "dscn", "pxl_", "screenshot_", "screenshot ", "image0", "photo_", "whatsapp image"];

    public string Code => "A11Y-ALT-MISSING";

    public void Check(PostContext context, List<Finding> findings)
    {
        var media = context.Post.Media;
        for (var i = 0; i < media.Count; i++)
        {
            var item = media[i];
            if (item.Kind is not (MediaKind.Image or MediaKind.Gif))
            {
                continue;
            }

            var what = item.Kind == MediaKind.Gif ? "GIF" : "image";
            var problem = Problem(item.Alt, item.FileName);
            if (problem is not null)
            {
                findings.Add(new Finding(
                    Code, Severity.Error, null, null,
                    $"The {what} (media {i + 1}) {problem}: describe what it shows and repeat any words in it, so that people using screen readers get the same message (001 §7.1).",
                    Suggestion: null));
            }
        }
    }

    /// <summary>What is wrong with the alt text, or null when it describes something.</summary>
    internal static string? Problem(string? alt, string? fileName)
    {
        if (string.IsNullOrWhiteSpace(alt))
        {
            return "has no alt text";
        }

        var trimmed = alt.AsSpan().Trim().TrimEnd(".!:;,".AsSpan()).Trim();
        var lookup = SaysNothing.GetAlternateLookup<ReadOnlySpan<char>>();
        if (trimmed.Length == 0 || lookup.Contains(trimmed))
        {
            return $"has alt text that says nothing (\"{alt.Trim()}\")";
        }

        if (fileName is { Length: > 0 } && (trimmed.Equals(fileName, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(Path.GetFileNameWithoutExtension(fileName), StringComparison.OrdinalIgnoreCase)))
        {
            return "has its file name as alt text";
        }

        if (LooksLikeFileName(trimmed))
        {
            return $"has a file name as alt text (\"{alt.Trim()}\")";
        }

        if (trimmed.IndexOfAny(' ', '\u00A0', '\t') < 0)
        {
            return $"has a single word as alt text (\"{alt.Trim()}\")";
        }

        return null;
    }

    private static bool LooksLikeFileName(ReadOnlySpan<char> alt)
    {
        foreach (var extension in FileExtensions)
        {
            if (alt.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var prefix in CameraPrefixes)
        {
            if (alt.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && alt[prefix.Length..].TrimStart() is { Length: > 0 } rest && char.IsAsciiDigit(rest[0]))
            {
                return true;
            }
        }

        return false;
    }
}
