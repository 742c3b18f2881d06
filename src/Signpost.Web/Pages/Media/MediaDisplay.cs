using System.Globalization;
using Signpost.Core.Features.Media;

namespace Signpost.Web.Pages.Media;

/// <summary>How the media pages describe an item.</summary>
public static class MediaDisplay
{
    /// <summary>"2.4 MB", "310 KB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    public static string Kind(MediaType type, string contentType) => type switch
    {
        MediaType.Video => "Video (MP4)",
        MediaType.Gif => "Animated picture (GIF)",
        _ => contentType switch
        {
            "image/png" => "Picture (PNG)",
            "image/webp" => "Picture (WebP)",
            _ => "Picture (JPEG)",
        },
    };

    public static string? Dimensions(int? width, int? height) =>
        width is { } w && height is { } h ? $"{w} × {h} pixels" : null;

    /// <summary>
    /// Guidance for alt text: NHS digital service manual (accessibility, images: describe the image in
    /// context, do not say "image of"); GCS accessible social media; 004 house rules, Accessibility.
    /// </summary>
    public const string AltTextHint =
        "Describe what the picture shows and why it matters in the post, for people who cannot see it. " +
        "Do not start with \u201Cimage of\u201D or \u201Cphoto of\u201D. Include any words written in the picture. " +
        "Keep it short: 1 or 2 sentences is usually enough (up to 1,000 characters).";

    public const string CaptionsHint =
        "Closed captions as a WebVTT file (.vtt), starting with the line WEBVTT. Include who is speaking and important sounds. " +
        "Check automatic captions before you use them.";
}
