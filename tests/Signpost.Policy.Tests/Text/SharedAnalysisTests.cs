using Signpost.Policy.Rules;
using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Tests.Text;

/// <summary>The per-post analyses that rules share, and the shortcuts that keep them cheap.</summary>
public sealed class SharedAnalysisTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Analysis_SameContext_IsMadeOnceAndSharedWithPostTextOf()
    {
        // Arrange
        var context = new PostContext(new Post { Text = "Book your flu jab at nhs.uk/flu #FluJab" }, new OrganisationSettings(), Now);

        // Act
        var first = context.Analysis;
        var second = PostText.Of(context);

        // Assert
        Assert.Same(first, second);
        Assert.Equal(1, first.UrlCount);
        Assert.Equal(1, first.HashtagCount);
    }

    [Fact]
    public void Analysis_TwoContextsOfOneText_AreSeparate()
    {
        // Arrange
        var post = new Post { Text = "Thank you to our nurses" };
        var a = new PostContext(post, new OrganisationSettings(), Now);
        var b = new PostContext(post with { Text = "Our new clinic opens today" }, new OrganisationSettings(), Now);

        // Act
        var first = a.Analysis;
        var second = b.Analysis;

        // Assert
        Assert.NotSame(first, second);
        Assert.Equal("Thank you to our nurses", first.Text);
        Assert.Equal("Our new clinic opens today", second.Text);
    }

    [Theory]
    [InlineData("here.com/x", TokenKind.Url)]
    [InlineData("today. Next", TokenKind.Word)]
    [InlineData("mail contactus@nhs.net now", TokenKind.Email)]
    [InlineData("what www.nhs.uk says", TokenKind.Url)]
    [InlineData("we help, then nhs.uk/flu.", TokenKind.Url)]
    public void Analyse_WordsBeforeAndAfterADot_KeepLinksAndEmails(string text, TokenKind kind)
    {
        // Act
        var post = PostText.Analyse(text);

        // Assert
        Assert.Contains(post.Tokens.ToArray(), t => t.Kind == kind);
    }

    [Fact]
    public void GovernanceLexicon_TryGetValue_AgreesWithTheDictionaryForEveryKeyAndSomeOthers()
    {
        // Arrange
        var settings = new OrganisationSettings
        {
            ExtraWords = new Dictionary<string, IReadOnlyList<string>> { ["IG-CONFIDENTIAL-MARKER"] = ["project bluebird"] },
        };
        var lexicon = GovernanceLexicon.Create(settings);
        string[] others = ["flu", "vaccine", "thank", "clinic", "riverside", "a", "zz", "project bluebird", "project"];

        // Act and assert: the filter in front of the dictionary never turns a key away.
        foreach (var key in others)
        {
            var expected = lexicon.Lookup.TryGetValue(key, out var expectedEntry);
            Assert.Equal(expected, lexicon.TryGetValue(key, out var entry));
            Assert.Equal(expectedEntry, entry);
        }

        Assert.True(lexicon.TryGetValue("project bluebird", out var marker));
        Assert.Equal(GovernanceTerms.ConfidentialMarker, marker.Terms);
    }

    [Theory]
    [InlineData("NHS", 3)]
    [InlineData("GP", 2)]
    [InlineData("vaccination", 4)]
    [InlineData("VACCINATION", 4)]
    [InlineData("COVID-19", 2)]
    [InlineData("café", 1)]
    [InlineData("2026", 0)]
    [InlineData("", 0)]
    [InlineData("table", 2)]
    [InlineData("washed", 1)]
    public void SyllableCounter_AsciiAndOtherWords_CountAsBefore(string word, int expected)
    {
        // Act
        var count = SyllableCounter.Count(word);

        // Assert
        Assert.Equal(expected, count);
    }
}
