using Signpost.Core.Features.Media;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Media;

public sealed class MediaFileInspectorTests
{
    [Fact]
    public void Inspect_Png_IsAPictureWithItsSizeFromIhdr()
    {
        var kind = MediaFileInspector.Inspect(TestImages.Png(37, 21));

        Assert.Equal(new MediaFileKind(MediaType.Image, "image/png", ".png", 37, 21), kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inspect_Jpeg_ReadsTheSizeFromTheFrameHeaderAfterOtherSegments(bool progressive)
    {
        var kind = MediaFileInspector.Inspect(TestImages.Jpeg(1920, 1080, progressive));

        Assert.Equal(new MediaFileKind(MediaType.Image, "image/jpeg", ".jpg", 1920, 1080), kind);
    }

    [Fact]
    public void Inspect_Gif_IsAnAnimatedPictureWithItsScreenSize()
    {
        var kind = MediaFileInspector.Inspect(TestImages.Gif(480, 270));

        Assert.Equal(new MediaFileKind(MediaType.Gif, "image/gif", ".gif", 480, 270), kind);
    }

    [Fact]
    public void Inspect_WebPOfEachKind_ReadsItsSize()
    {
        Assert.Equal((800, 600), Size(MediaFileInspector.Inspect(TestImages.WebPLossy(800, 600))));
        Assert.Equal((1000, 16383), Size(MediaFileInspector.Inspect(TestImages.WebPLossless(1000, 16383))));
        Assert.Equal((20000, 3), Size(MediaFileInspector.Inspect(TestImages.WebPExtended(20000, 3))));
        Assert.Equal("image/webp", MediaFileInspector.Inspect(TestImages.WebPLossless(1, 1))!.ContentType);
    }

    [Fact]
    public void Inspect_Mp4_IsAVideo()
    {
        var kind = MediaFileInspector.Inspect(TestImages.Mp4());

        Assert.Equal(new MediaFileKind(MediaType.Video, "video/mp4", ".mp4", null, null), kind);
    }

    [Fact]
    public void Inspect_HtmlSvgTextAndEmpty_AreNotAccepted()
    {
        Assert.Null(MediaFileInspector.Inspect(TestImages.Html()));
        Assert.Null(MediaFileInspector.Inspect(TestImages.Svg()));
        Assert.Null(MediaFileInspector.Inspect("just some words"u8));
        Assert.Null(MediaFileInspector.Inspect([]));
        // A QuickTime movie is not MP4.
        Assert.Null(MediaFileInspector.Inspect([0, 0, 0, 0x14, .. "ftypqt  "u8, 0, 0, 2, 0, .. "qt  "u8]));
    }

    [Fact]
    public void Inspect_JpegCutOffBeforeItsFrame_IsStillAJpegWithoutASize()
    {
        var jpeg = TestImages.Jpeg(10, 10);

        var kind = MediaFileInspector.Inspect(jpeg.AsSpan(0, 30));

        Assert.Equal(new MediaFileKind(MediaType.Image, "image/jpeg", ".jpg", null, null), kind);
    }

    private static (int?, int?) Size(MediaFileKind? kind) => (kind?.Width, kind?.Height);
}
