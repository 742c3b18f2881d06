using System.Buffers.Binary;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// The width and height of a PNG, JPEG, GIF or WebP from its header, for the aspectRatio Bluesky
/// lays images out with (app.bsky.embed.defs#aspectRatio). Null when the format is another or the
/// header is not understood: aspectRatio is optional, so an image without it still posts.
/// </summary>
internal static class ImageSize
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height)? Read(ReadOnlySpan<byte> data)
    {
        (int Width, int Height)? size = data switch
        {
            _ when data.Length >= 24 && data[..8].SequenceEqual(PngSignature) =>
                ((int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..])),
            _ when data.Length >= 10 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)) =>
                (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..])),
            _ when data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8 => Jpeg(data),
            _ when data.Length >= 30 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) => WebP(data),
            _ => null,
        };
        return size is { Item1: > 0, Item2: > 0 } ? size : null;
    }

    private static (int, int)? Jpeg(ReadOnlySpan<byte> data)
    {
        var orientation = 1;
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2)
            {
                return null;
            }

            var segment = data.Slice(i + 4, Math.Min(length - 2, data.Length - i - 4));
            if (marker == 0xE1 && segment.Length > 14 && segment[..6].SequenceEqual("Exif\0\0"u8))
            {
                orientation = ExifOrientation(segment[6..]);
            }

            // Start of frame (SOF0–SOF15 except DHT C4, JPG C8 and DAC CC): precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && segment.Length >= 5)
            {
                int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);

                // EXIF orientations 5–8 turn the picture a quarter: people see it the other way round.
                return orientation is >= 5 and <= 8 ? (height, width) : (width, height);
            }

            i += 2 + length;
        }

        return null;
    }

    /// <summary>The orientation tag (0x0112) of a TIFF structure's first directory; 1 when absent.</summary>
    private static int ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        var little = tiff[0] == 'I';
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

        var directory = U32(tiff[4..]);
        if (directory + 2 > tiff.Length)
        {
            return 1;
        }

        int entries = U16(tiff[(int)directory..]);
        for (var k = 0; k < entries; k++)
        {
            var entry = (int)directory + 2 + (k * 12);
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            if (U16(tiff[entry..]) == 0x0112)
            {
                return U16(tiff[(entry + 8)..]);
            }
        }

        return 1;
    }

    private static (int, int)? WebP(ReadOnlySpan<byte> data)
    {
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // 24-bit canvas width and height, each minus one.
            var width = 1 + (data[24] | (data[25] << 8) | (data[26] << 16));
            var height = 1 + (data[27] | (data[28] << 8) | (data[29] << 16));
            return (width, height);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data.Length >= 25)
        {
            // After the 0x2F signature byte: 14 bits of width-1, then 14 bits of height-1.
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        return null;
    }
}
