using Signpost.Platforms.Bluesky;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

public sealed class ImageSizeTests
{
    [Fact]
    public void Read_Png_WidthAndHeight()
    {
        Assert.Equal((40, 20), ImageSize.Read(TestImages.Png(40, 20)));
    }

    [Fact]
    public void Read_Gif_WidthAndHeight()
    {
        byte[] gif = [.. "GIF89a"u8, 0x20, 0x03, 0x58, 0x02, 0, 0, 0];

        Assert.Equal((800, 600), ImageSize.Read(gif));
    }

    [Fact]
    public void Read_Jpeg_WidthAndHeightFromStartOfFrame()
    {
        Assert.Equal((1200, 800), ImageSize.Read(Jpeg(1200, 800, orientation: null)));
    }

    [Fact]
    public void Read_JpegTurnedByExif_WidthAndHeightAsPeopleSeeIt()
    {
        Assert.Equal((800, 1200), ImageSize.Read(Jpeg(1200, 800, orientation: 6)));
    }

    [Fact]
    public void Read_NotAnImage_Null()
    {
        Assert.Null(ImageSize.Read("not an image at all"u8));
    }

    private static byte[] Jpeg(int width, int height, int? orientation)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        if (orientation is { } o)
        {
            // APP1 Exif, big-endian TIFF, one directory entry: orientation (0x0112), SHORT, 1 value.
            byte[] tiff = [.. "MM"u8, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)o, 0, 0, 0, 0, 0, 0];
            byte[] exif = [.. "Exif\0\0"u8, .. tiff];
            bytes.AddRange([0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2)]);
            bytes.AddRange(exif);
        }

        bytes.AddRange([0xFF, 0xC0, 0, 11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }
}
