using System.Text;
using Signpost.Platforms.Bluesky;

namespace Signpost.Platforms.Tests.Bluesky;

public sealed class RichTextFacetsTests
{
    private static string Slice(string text, FacetSpan facet) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), facet.ByteStart, facet.ByteEnd - facet.ByteStart);

    [Fact]
    public void Find_EmojiAndAccentsBeforeFacets_OffsetsCountUtf8Bytes()
    {
        // 🎉 is 4 UTF-8 bytes (2 UTF-16 units), é and ë 2 each, the dash 3.
        var text = "🎉 Café Noël — ask @riverside.test about https://nhs.uk/flu #FluJab";

        var facets = RichTextFacets.Find(text);

        Assert.Equal(3, facets.Count);
        var mention = facets[0];
        Assert.Equal(FacetKind.Mention, mention.Kind);
        Assert.Equal("riverside.test", mention.Value);
        Assert.Equal(Encoding.UTF8.GetByteCount("🎉 Café Noël — ask "), mention.ByteStart);
        Assert.Equal("@riverside.test", Slice(text, mention));
        Assert.NotEqual(text.IndexOf('@', StringComparison.Ordinal), mention.ByteStart);
        Assert.Equal((FacetKind.Link, "https://nhs.uk/flu"), (facets[1].Kind, facets[1].Value));
        Assert.Equal("https://nhs.uk/flu", Slice(text, facets[1]));
        Assert.Equal((FacetKind.Tag, "FluJab"), (facets[2].Kind, facets[2].Value));
        Assert.Equal("#FluJab", Slice(text, facets[2]));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), facets[2].ByteEnd);
    }

    [Fact]
    public void Find_BareDomainAndWww_LinkGetsHttps()
    {
        var facets = RichTextFacets.Find("See nhs.uk/conditions or www.riverside.nhs.uk.");

        Assert.Equal(["https://nhs.uk/conditions", "https://www.riverside.nhs.uk"], facets.Select(f => f.Value));
        Assert.All(facets, f => Assert.Equal(FacetKind.Link, f.Kind));
    }

    [Fact]
    public void Find_TrailingPunctuation_StaysOutOfTheLink()
    {
        const string text = "Details (https://www.nhs.uk/flu).";

        var link = Assert.Single(RichTextFacets.Find(text));

        Assert.Equal("https://www.nhs.uk/flu", Slice(text, link));
    }

    [Theory]
    [InlineData("Email contactus@nhs.net today")]
    [InlineData("Follow @riversideicb@nhs.social on Mastodon")]
    [InlineData("Ask @someone about it")]
    [InlineData("We are #1 for patient experience")]
    [InlineData("Use e.g. the online form")]
    public void Find_NotAFacetOnBluesky_FindsNothing(string text)
    {
        Assert.Empty(RichTextFacets.Find(text));
    }

    [Theory]
    [InlineData("riverside.bsky.social", true)]
    [InlineData("nhs.uk", true)]
    [InlineData("a-b.test", true)]
    [InlineData("localhost", false)]
    [InlineData("-bad.test", false)]
    [InlineData("name.123", false)]
    [InlineData("under_score.test", false)]
    public void IsHandle_Text_FollowsHandleSyntax(string handle, bool expected)
    {
        Assert.Equal(expected, RichTextFacets.IsHandle(handle));
    }

    [Fact]
    public void ToRecord_Mention_HasByteSliceAndDid()
    {
        var facet = new FacetSpan(FacetKind.Mention, 5, 20, "riverside.test");

        var json = RichTextFacets.ToRecord(facet, "did:plc:abc").ToJsonString();

        Assert.Equal("""{"index":{"byteStart":5,"byteEnd":20},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:abc"}]}""", json);
    }
}
