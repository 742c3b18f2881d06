using System.Buffers.Binary;
using System.Text;

namespace Signpost.Core.Features.Media;

/// <summary>What a file really is, read from its first bytes, and its size in pixels for pictures.</summary>
/// <param name="Type">Picture, animated picture (GIF) or video.</param>
/// <param name="ContentType">The type it is served with: one of <see cref="MediaFileInspector.ServableContentTypes"/>.</param>
/// <param name="Extension">The usual file extension for the type, with its dot.</param>
public sealed record MediaFileKind(MediaType Type, string ContentType, string Extension, int? Width, int? Height);

/// <summary>
/// Recognises the files the media library accepts by their content (magic bytes), never by their name
/// or the browser's claimed type, so that an HTML page named .png is refused and a PNG named .jpg is
/// stored as the PNG it is. Reads the picture's width and height from its header: PNG IHDR, JPEG SOF,
/// GIF logical screen, WebP VP8/VP8L/VP8X. SVG is never accepted: it can carry script.
/// </summary>
public static class MediaFileInspector
{
    /// <summary>The only types the library stores and serves.</summary>
    public static IReadOnlySet<string> ServableContentTypes { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4" };

    // ISO base media brands that are MP4 (not QuickTime "qt  ", not HEIF/AVIF pictures).
    private static readonly HashSet<string> Mp4Brands = new(StringComparer.Ordinal)
    {
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP", "dash", "mmp4", "MSNV",
    };

    /// <summary>The kind of file, or null when it is none of JPEG, PNG, GIF, WebP or MP4.</summary>
    public static MediaFileKind? Inspect(ReadOnlySpan<byte> data)
    {
        if (IsPng(data))
        {
            var (w, h) = PngSize(data);
            return new MediaFileKind(MediaType.Image, "image/png", ".png", w, h);
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            var (w, h) = JpegSize(data);
            return new MediaFileKind(MediaType.Image, "image/jpeg", ".jpg", w, h);
        }

        if (data.Length >= 10 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            int w = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
            int h = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
            return new MediaFileKind(MediaType.Gif, "image/gif", ".gif", Positive(w), Positive(h));
        }

        if (data.Length >= 16 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            var (w, h) = WebPSize(data);
            return new MediaFileKind(MediaType.Image, "image/webp", ".webp", w, h);
        }

        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8) && Mp4Brands.Contains(Encoding.ASCII.GetString(data[8..12])))
        {
            return new MediaFileKind(MediaType.Video, "video/mp4", ".mp4", null, null);
        }

        return null;
    }

    private static bool IsPng(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && data[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    /// <summary>The IHDR chunk is always first: length (4), "IHDR", width and height as big-endian 32-bit.</summary>
    private static (int?, int?) PngSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return (null, null);
        }

        return (Positive(BinaryPrimitives.ReadInt32BigEndian(data[16..])), Positive(BinaryPrimitives.ReadInt32BigEndian(data[20..])));
    }

    /// <summary>Walks the JPEG segments to the first start-of-frame marker (SOF0–SOF15 except DHT, JPG and DAC).</summary>
    private static (int?, int?) JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 3 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return (null, null);
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return (null, null); // end of image, or start of scan before any frame header
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2)
            {
                return (null, null);
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > data.Length)
                {
                    return (null, null);
                }

                int h = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                int w = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return (Positive(w), Positive(h));
            }

            i += 2 + length;
        }

        return (null, null);
    }

    /// <summary>The first chunk says which WebP: lossy (VP8), lossless (VP8L) or extended (VP8X, with the canvas size).</summary>
    private static (int?, int?) WebPSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return (null, null);
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (2 bits of scale each).
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                return (null, null);
            }

            return (Positive(BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF), Positive(BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF));
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then 14 bits of width - 1 and 14 bits of height - 1, little-endian.
            if (data[20] != 0x2F)
            {
                return (null, null);
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (1 byte) and 3 reserved bytes, then 24-bit canvas width - 1 and height - 1.
            var w = data[24] | (data[25] << 8) | (data[26] << 16);
            var h = data[27] | (data[28] << 8) | (data[29] << 16);
            return (w + 1, h + 1);
        }

        return (null, null);
    }

    private static int? Positive(int value) => value > 0 ? value : null;
}
