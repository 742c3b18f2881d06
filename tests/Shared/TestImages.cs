using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Signpost.Tests.Shared;

/// <summary>Small files written byte by byte, so that the tests know exactly what is in them.</summary>
public static class TestImages
{
    /// <summary>A complete, valid PNG (signature, IHDR, zlib IDAT of white RGB pixels, IEND, with CRCs).</summary>
    public static byte[] Png(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(Enumerable.Repeat((byte)0xFF, width * 3).ToArray());
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// The structure of a baseline or progressive JPEG up to its frame header: SOI, a JFIF APP0, an
    /// EXIF-like APP1 and a quantisation table before the start of frame (so that the reader must skip
    /// segments), then the frame header with the size, and EOI.
    /// </summary>
    public static byte[] Jpeg(int width, int height, bool progressive = false)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(output, 0xE1, [.. "Exif\0\0"u8, .. new byte[40]]);
        Segment(output, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new byte[15];
        frame[0] = 8; // precision
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        frame[5] = 3; // components
        Segment(output, progressive ? (byte)0xC2 : (byte)0xC0, frame);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>A complete 1-colour GIF89a of the given logical screen size.</summary>
    public static byte[] Gif(int width, int height)
    {
        var bytes = new List<byte>();
        bytes.AddRange("GIF89a"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes((ushort)width));
        bytes.AddRange(BitConverter.GetBytes((ushort)height));
        bytes.AddRange([0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00]);
        bytes.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]);
        return [.. bytes];
    }

    /// <summary>A lossless WebP header (VP8L): 14 bits each of width − 1 and height − 1.</summary>
    public static byte[] WebPLossless(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        var payload = new byte[5 + 8];
        payload[0] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), bits);
        return Riff("VP8L", payload);
    }

    /// <summary>A lossy WebP header (VP8): the key frame's start code and 14-bit width and height.</summary>
    public static byte[] WebPLossy(int width, int height)
    {
        var payload = new byte[20];
        payload[0] = 0x10; // frame tag: key frame
        payload[3] = 0x9D;
        payload[4] = 0x01;
        payload[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(8), (ushort)height);
        return Riff("VP8 ", payload);
    }

    /// <summary>An extended WebP header (VP8X): 24 bits each of canvas width − 1 and height − 1.</summary>
    public static byte[] WebPExtended(int width, int height)
    {
        var payload = new byte[10];
        payload[0] = 0x10; // alpha
        payload[4] = (byte)(width - 1);
        payload[5] = (byte)((width - 1) >> 8);
        payload[6] = (byte)((width - 1) >> 16);
        payload[7] = (byte)(height - 1);
        payload[8] = (byte)((height - 1) >> 8);
        payload[9] = (byte)((height - 1) >> 16);
        return Riff("VP8X", payload);
    }

    /// <summary>The start of an MP4 file: an ftyp box with the isom brand, then an empty mdat.</summary>
    public static byte[] Mp4() =>
        [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8, 0, 0, 0, 8, .. "mdat"u8];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] Svg() => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>");

    /// <summary>A file that starts as a PNG and is <paramref name="totalBytes"/> long.</summary>
    public static byte[] PngOfSize(int totalBytes)
    {
        var png = Png(2, 2);
        var bytes = new byte[totalBytes];
        png.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Riff(string chunk, byte[] payload)
    {
        var bytes = new List<byte>();
        bytes.AddRange("RIFF"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(4 + 8 + payload.Length));
        bytes.AddRange("WEBP"u8.ToArray());
        bytes.AddRange(Encoding.ASCII.GetBytes(chunk));
        bytes.AddRange(BitConverter.GetBytes(payload.Length));
        bytes.AddRange(payload);
        return [.. bytes];
    }

    private static void Segment(Stream output, byte marker, byte[] data)
    {
        output.Write([0xFF, marker]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(data.Length + 2));
        output.Write(length);
        output.Write(data);
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        output.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
