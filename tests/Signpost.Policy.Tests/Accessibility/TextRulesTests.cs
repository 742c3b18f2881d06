using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Accessibility;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("To book, click here: https://nhs.uk/flu", "click here")]
    [InlineData("Read our winter guide here: https://riverside.icb.nhs.uk/winter", "here")]
    [InlineData("Full details via the link below.", "link below")]
    [InlineData("Apply now, link in bio", "link in bio")]
    public void VagueLink_VagueCallToAction_Fires(string text, string phrase)
    {
        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-VAGUE-LINK"));

        // Assert
        Assert.Equal(phrase, finding.SpanText(text));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void VagueLink_LinkInBioOnInstagram_DoesNotFire()
    {
        // Act
        var findings = A11y.Check("Book your jab, link in bio", Platform.Instagram).Of("A11Y-VAGUE-LINK");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void VagueLink_DescriptiveCallToAction_DoesNotFire()
    {
        // Act
        var findings = A11y.Check("Book your flu vaccination online: https://nhs.uk/flu. We are here to help.").Of("A11Y-VAGUE-LINK");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Caps_ShoutedWords_FiresOnceWithSentenceCase()
    {
        // Arrange
        const string text = "PLEASE DO NOT come to A&E unless it is an emergency.";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-CAPS"));

        // Assert
        Assert.Equal("PLEASE DO NOT", finding.SpanText(text));
        Assert.Equal("Please do not", finding.Suggestion);
    }

    [Theory]
    [InlineData("Go to A&E or call 999 if it is an emergency.")]
    [InlineData("Get your COVID-19 and RSV vaccines from your GP or the NHS App.")]
    [InlineData("Ask your PCN about CAMHS support.")]
    [InlineData("I am proud to work for the NHS.")]
    public void Caps_KnownAcronyms_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-CAPS");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Jargon_UnexplainedTerm_FiresWithExpansion()
    {
        // Arrange
        const string text = "Your PCN can now book evening appointments.";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-JARGON"));

        // Assert
        Assert.Equal("PCN", finding.SpanText(text));
        Assert.Equal("PCN (primary care network)", finding.Suggestion);
    }

    [Theory]
    [InlineData("Your PCN (primary care network) can now book evening appointments.")]
    [InlineData("Your primary care network (PCN) can now book evening appointments.")]
    [InlineData("Your GP can now book evening appointments.")]
    public void Jargon_ExplainedOrNotJargon_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-JARGON");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void FancyText_MathematicalBold_FiresWithPlainText()
    {
        // Arrange
        const string text = "\U0001D405\U0001D42B\U0001D41E\U0001D41E \U0001D41F\U0001D425\U0001D42E jabs for over-65s";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-FANCY-TEXT"));

        // Assert
        Assert.Equal(0, finding.Start);
        Assert.Equal("Free flu", finding.Suggestion);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("\u24B6\u24C5\u24C5\u24C1\u24CE now", "APPLY")]
    [InlineData("\uFF33\uFF34\uFF21\uFF39 \uFF37\uFF25\uFF2C\uFF2C", "STAY WELL")]
    [InlineData("\u1D04\u029C\u1D07\u1D04\u1D0B your symptoms", "CHECK")]
    public void FancyText_CircledFullWidthSmallCaps_Fires(string text, string plain)
    {
        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-FANCY-TEXT"));

        // Assert
        Assert.Equal(plain, finding.Suggestion);
    }

    [Fact]
    public void FancyText_PlainTextWithEmoji_DoesNotFire()
    {
        // Act
        var findings = A11y.Check("Café open at Riverside Hospital \U0001F3E5 #NHS").Of("A11Y-FANCY-TEXT");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Emoji_MoreThanLimit_FiresWholePost()
    {
        // Act
        var findings = A11y.Check("Flu jabs now \U0001F489 Stay well \U0001F60A Book \U0001F4C5 Go \U0001F3C3 Done \u2705").Of("A11Y-EMOJI");

        // Assert
        Assert.Contains(findings, f => f.Start is null && f.Message.Contains("5 emojis", StringComparison.Ordinal));
    }

    [Fact]
    public void Emoji_RepeatedRun_FiresWithSingleEmoji()
    {
        // Arrange
        const string text = "We did it! \U0001F389\U0001F389\U0001F389";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-EMOJI"));

        // Assert
        Assert.Equal(11, finding.Start);
        Assert.Equal(6, finding.Length);
        Assert.Equal("\U0001F389", finding.Suggestion);
    }

    [Fact]
    public void Emoji_InPlaceOfWord_Fires()
    {
        // Arrange
        const string text = "I \u2764\uFE0F the NHS";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-EMOJI"));

        // Assert
        Assert.Equal("\u2764\uFE0F", finding.SpanText(text));
        Assert.Equal("love", finding.Suggestion);
    }

    [Fact]
    public void Emoji_ZwjFamilyAndSkinTones_CountOnceEach()
    {
        // Act: 3 emoji (family ZWJ sequence, thumbs up with skin tone, UK flag) is within the limit.
        var findings = A11y.Check("Families welcome. \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F44D\U0001F3FD \U0001F1EC\U0001F1E7").Of("A11Y-EMOJI");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void LongLines_ParagraphOverLimit_FiresOnThatParagraph()
    {
        // Arrange
        var settings = OrganisationSettings.DemoIcb with { Limits = new PolicyLimits { LineLength = 40 } };
        const string text = "Short first line.\nThis second paragraph is much longer than forty characters.";

        // Act
        var finding = Assert.Single(A11y.Check(text, settings: settings).Of("A11Y-LONG-LINES"));

        // Assert
        Assert.Equal(18, finding.Start);
        Assert.Equal(text.Length - 18, finding.Length);
    }

    [Fact]
    public void Readability_HardText_Fires()
    {
        // Arrange
        const string text = "Comprehensive organisational transformation necessitates collaborative multidisciplinary engagement, facilitating integrated commissioning arrangements across constituent organisations.";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-READABILITY"));

        // Assert
        Assert.Null(finding.Start);
        Assert.Equal(Severity.Info, finding.Severity);
    }

    [Theory]
    [InlineData("Flu jabs are free for people aged 65 and over. Book yours today at your local pharmacy or GP.")]
    [InlineData("Organisational transformation.")]
    public void Readability_PlainOrShortText_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-READABILITY");

        // Assert
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("Our chairman opened the new unit.", "chairman", "Chair")]
    [InlineData("We need more manpower this winter.", "manpower", "workforce")]
    [InlineData("Support for people who suffer from asthma.", "suffer from", "have")]
    [InlineData("Parking for wheelchair-bound visitors.", "wheelchair-bound", "wheelchair user")]
    [InlineData("Services for the disabled.", "the disabled", "disabled people")]
    public void Inclusive_ClearCases_FiresWithAlternative(string text, string phrase, string suggestion)
    {
        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-INCLUSIVE"));

        // Assert
        Assert.Equal(phrase, finding.SpanText(text));
        Assert.Equal(suggestion, finding.Suggestion, ignoreCase: true);
    }

    [Theory]
    [InlineData("Our sexual health clinic is open on Saturdays.")]
    [InlineData("Breast screening saves lives: book yours.")]
    [InlineData("Addiction services and mental health support are free.")]
    [InlineData("Men's health week: mothers and fathers welcome at our maternity open day.")]
    [InlineData("Disabled people can park at the front entrance.")]
    [InlineData("The Parliamentary and Health Service Ombudsman has published a report.")]
    public void Inclusive_NormalNhsWording_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-INCLUSIVE");

        // Assert
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("Pharmacies shown in green are open on Sunday.", "shown in green")]
    [InlineData("Avoid the red ones on the map.", "the red ones")]
    public void ColourOnly_MeaningByColour_Fires(string text, string phrase)
    {
        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-COLOUR-ONLY"));

        // Assert
        Assert.Equal(phrase, finding.SpanText(text));
    }

    [Theory]
    [InlineData("Know the red flag symptoms of sepsis.")]
    [InlineData("Wear red for World Heart Day.")]
    [InlineData("Apply for a Blue Badge through your council.")]
    public void ColourOnly_ColourAsName_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-COLOUR-ONLY");

        // Assert
        Assert.Empty(findings);
    }
}
