namespace Signpost.Core.Features.Media;

/// <summary>
/// Captions for videos, as WebVTT (the format browsers and the platforms read). Only the shape is
/// checked: the "WEBVTT" signature line and at least one cue timing; the words are the team's.
/// </summary>
public static class WebVtt
{
    /// <summary>Largest caption file accepted: hours of speech fit in far less.</summary>
    public const int MaxLength = 500_000;

    /// <summary>The captions with line endings made "\n" and a byte-order mark removed; null when empty.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return clean.Length == 0 ? null : clean + "\n";
    }

    /// <summary>What is wrong with the captions, in words for the person who pasted them, or null when they are WebVTT.</summary>
    public static string? Problem(string captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        if (captions.Length > MaxLength)
        {
            return $"Captions must be {MaxLength / 1000:N0} KB or smaller";
        }

        var firstLine = captions.Split('\n', 2)[0];
        if (!firstLine.StartsWith("WEBVTT", StringComparison.Ordinal) || (firstLine.Length > 6 && firstLine[6] is not (' ' or '\t')))
        {
            return "Captions must be a WebVTT file: the first line must be WEBVTT";
        }

        if (!captions.Contains("-->", StringComparison.Ordinal))
        {
            return "Captions must have at least one cue with its times, like 00:00:01.000 --> 00:00:04.000";
        }

        return null;
    }
}
