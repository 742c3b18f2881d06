using Signpost.Platforms.Bluesky;

namespace Signpost.Platforms.Tests.Bluesky;

public sealed class RecordKeyTests
{
    [Fact]
    public void For_SameKey_SameRecordKeyEveryTime()
    {
        Assert.Equal(RecordKey.For("publication-42"), RecordKey.For("publication-42"));
    }

    [Fact]
    public void For_KnownKey_DerivationNeverChanges()
    {
        // Changing the derivation would make posts published before the change look unpublished,
        // and a retry after an unknown outcome would post them again.
        Assert.Equal("3kudezjyxrfnk", RecordKey.For("publication-7f3c"));
    }

    [Fact]
    public void For_DifferentKeysOrAttempts_DifferentRecordKeys()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => RecordKey.For($"publication-{i}")).ToHashSet();

        Assert.Equal(1000, keys.Count);
        Assert.NotEqual(RecordKey.For("publication-1"), RecordKey.For("publication-1", attempt: 1));
    }

    [Fact]
    public void For_AnyKey_IsATidOfTheCurrentEra()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = RecordKey.For(Guid.NewGuid().ToString());

            Assert.True(RecordKey.IsTid(key), key);

            // TIDs of 2023 to 2031 start with '3' (Bluesky's own do too).
            Assert.Equal('3', key[0]);
        }
    }

    [Theory]
    [InlineData("3k4duaz5vfs2b", true)]
    [InlineData("3k4duaz5vfs2", false)]
    [InlineData("kk4duaz5vfs2b", false)]
    [InlineData("3k4duaz5vfs2B", false)]
    [InlineData("3k4duaz5vfs1b", false)]
    public void IsTid_Text_FollowsTidSyntax(string key, bool expected)
    {
        Assert.Equal(expected, RecordKey.IsTid(key));
    }
}
