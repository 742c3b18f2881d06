namespace Signpost.Policy.Tests.Accessibility;

public sealed class MediaRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("image")]
    [InlineData("Photo.")]
    [InlineData("IMG_1234.jpg")]
    [InlineData("IMG_20251103")]
    [InlineData("alt text")]
    [InlineData("nurse")]
    public void AltMissing_EmptyOrMeaninglessAlt_FiresError(string? alt)
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Image, Alt = alt }];

        // Act
        var finding = Assert.Single(A11y.Check("Our new clinic is open.", media: media).Of("A11Y-ALT-MISSING"));

        // Assert
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Null(finding.Start);
        Assert.Contains("001 §7.1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AltMissing_AltIsTheFileName_Fires()
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Gif, Alt = "winter-poster", FileName = "winter-poster.gif" }];

        // Act
        var findings = A11y.Check("Stay well this winter.", media: media).Of("A11Y-ALT-MISSING");

        // Assert
        Assert.Contains("file name", Assert.Single(findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AltMissing_DescriptiveAlt_DoesNotFire()
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Image, Alt = "A pharmacist gives a flu vaccination to an older man in a clinic" }];

        // Act
        var findings = A11y.Check("Flu jabs at your pharmacy.", media: media).Of("A11Y-ALT-MISSING");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void CaptionsMissing_VideoWithoutCaptions_FiresError()
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Video, Captions = false }];

        // Act
        var finding = Assert.Single(A11y.Check("Meet our midwives.", media: media).Of("A11Y-CAPTIONS-MISSING"));

        // Assert
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("no captions", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaptionsMissing_CaptionsUnknown_FiresAskingToConfirm()
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Video }];

        // Act
        var finding = Assert.Single(A11y.Check("Meet our midwives.", media: media).Of("A11Y-CAPTIONS-MISSING"));

        // Assert
        Assert.Contains("confirm", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaptionsMissing_CaptionedVideo_DoesNotFire()
    {
        // Arrange
        MediaItem[] media = [new MediaItem { Kind = MediaKind.Video, Captions = true }];

        // Act
        var findings = A11y.Check("Meet our midwives.", media: media).Of("A11Y-CAPTIONS-MISSING");

        // Assert
        Assert.Empty(findings);
    }
}
