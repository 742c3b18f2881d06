using Signpost.Policy.Text;

namespace Signpost.Policy.Tests.Accessibility;

public sealed class PostTextTests
{
    private static string[] Of(PostText text, TokenKind kind)
    {
        var result = new List<string>();
        foreach (var token in text.Tokens)
        {
            if (token.Kind == kind)
            {
                result.Add(text[token].ToString());
            }
        }

        return [.. result];
    }

    [Fact]
    public void Analyse_MixedPost_FindsEachKindWithSpans()
    {
        // Arrange
        const string text = "Flu jabs at @RiversideGP today, see https://nhs.uk/flu. #FluVaccine #NHS";

        // Act
        var post = PostText.Analyse(text);

        // Assert
        Assert.Equal(["@RiversideGP"], Of(post, TokenKind.Mention));
        Assert.Equal(["https://nhs.uk/flu"], Of(post, TokenKind.Url));
        Assert.Equal(["#FluVaccine", "#NHS"], Of(post, TokenKind.Hashtag));
        Assert.Equal(["Flu", "jabs", "at", "today", "see"], Of(post, TokenKind.Word));
        Assert.Equal(text.IndexOf("#FluVaccine", StringComparison.Ordinal), post.Hashtags[0].Start);
        Assert.Equal(11, post.Hashtags[0].Length);
    }

    [Fact]
    public void Analyse_EmailAndBareDomain_AreNotMentionsOrWords()
    {
        // Arrange
        const string text = "Email contactus.riversideicb@nhs.net or visit riverside.icb.nhs.uk/winter (open 24/7).";

        // Act
        var post = PostText.Analyse(text);

        // Assert
        Assert.Equal(["contactus.riversideicb@nhs.net"], Of(post, TokenKind.Email));
        Assert.Equal(["riverside.icb.nhs.uk/winter"], Of(post, TokenKind.Url));
        Assert.Empty(Of(post, TokenKind.Mention));
    }

    [Fact]
    public void Analyse_AbbreviationsAndCompounds_StayWords()
    {
        // Arrange
        const string text = "Bring ID, e.g. a passport. A&E and COVID-19 jabs don't wait; 2.5mg #1 choice";

        // Act
        var post = PostText.Analyse(text);

        // Assert
        Assert.Empty(Of(post, TokenKind.Url));
        Assert.Empty(Of(post, TokenKind.Hashtag));
        Assert.Contains("A&E", Of(post, TokenKind.Word));
        Assert.Contains("COVID-19", Of(post, TokenKind.Word));
        Assert.Contains("don't", Of(post, TokenKind.Word));
    }

    [Fact]
    public void Analyse_FediverseHandles_AreOneMention()
    {
        // Arrange
        const string text = "Thanks @nhsriverside@nhs.social and @riverside.bsky.social.";

        // Act
        var post = PostText.Analyse(text);

        // Assert
        Assert.Equal(["@nhsriverside@nhs.social", "@riverside.bsky.social"], Of(post, TokenKind.Mention));
    }
}
