namespace Signpost.Policy.Tests.Accessibility;

public sealed class HashtagRulesTests
{
    [Theory]
    [InlineData("Apply now #nhsjobs", "#nhsjobs", "#NHSJobs")]
    [InlineData("Join us #covwarks", "#covwarks", "#CovWarks")]
    [InlineData("We are hiring #NHSJOBS", "#NHSJOBS", "#NHSJobs")]
    [InlineData("Get protected #fluvaccine", "#fluvaccine", "#FluVaccine")]
    [InlineData("Talk to someone #mentalhealthawarenessweek", "#mentalhealthawarenessweek", "#MentalHealthAwarenessWeek")]
    [InlineData("Support for you #Selfcareweek", "#Selfcareweek", "#SelfcareWeek")]
    public void HashtagCase_RunTogetherWords_FiresWithCamelCase(string text, string tag, string suggestion)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-HASHTAG-CASE");

        // Assert
        var finding = Assert.Single(findings);
        Assert.Equal(text.IndexOf(tag, StringComparison.Ordinal), finding.Start);
        Assert.Equal(tag.Length, finding.Length);
        Assert.Equal(suggestion, finding.Suggestion);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("001 §7.1", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Book today #NHS")]
    [InlineData("Book today #vaccines")]
    [InlineData("Book today #NHSJobs")]
    [InlineData("Book today #CovWarks")]
    [InlineData("Book today #COVID19")]
    [InlineData("Book today #ICB")]
    [InlineData("Book today #nhsJobs")]
    [InlineData("Book today #flu_jabs")]
    [InlineData("Book today #SWLSTG")]
    public void HashtagCase_OneWordOrCased_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-HASHTAG-CASE");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void HashtagCount_MoreThanLimit_SpansTheExtraTags()
    {
        // Arrange
        const string text = "Flu jabs are open now. #FluJab #NHS #Winter #StayWell";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-HASHTAG-COUNT"));

        // Assert
        Assert.Equal("#Winter #StayWell", finding.SpanText(text));
        Assert.Equal(Severity.Info, finding.Severity);
    }

    [Fact]
    public void HashtagCount_AtLimit_DoesNotFire()
    {
        // Act
        var findings = A11y.Check("Flu jabs are open now. #FluJab #NHS").Of("A11Y-HASHTAG-COUNT");

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void TagsInline_HashtagMidSentence_Fires()
    {
        // Arrange
        const string text = "Get your #FluJab at the pharmacy this week.";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-TAGS-INLINE"));

        // Assert
        Assert.Equal("#FluJab", finding.SpanText(text));
        Assert.Equal(Severity.Info, finding.Severity);
    }

    [Fact]
    public void TagsInline_MentionMidSentence_Fires()
    {
        // Arrange
        const string text = "Thanks to @RiversideGP for hosting the clinic.";

        // Act
        var finding = Assert.Single(A11y.Check(text).Of("A11Y-TAGS-INLINE"));

        // Assert
        Assert.Equal("@RiversideGP", finding.SpanText(text));
    }

    [Theory]
    [InlineData("Get your flu jab at the pharmacy this week. #FluJab #NHS")]
    [InlineData("@SamJones thanks for getting in touch, please email us.")]
    [InlineData("Book online: https://nhs.uk/flu\n\n#FluJab @NHSEngland")]
    public void TagsInline_TagsAtEndOrReplyAddress_DoesNotFire(string text)
    {
        // Act
        var findings = A11y.Check(text).Of("A11Y-TAGS-INLINE");

        // Assert
        Assert.Empty(findings);
    }
}
