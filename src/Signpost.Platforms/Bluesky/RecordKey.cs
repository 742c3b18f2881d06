using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// The record key (rkey) Signpost gives each post, so that publishing is exactly-once: every
/// attempt of one publication writes to the same key, and a repeat finds the post that is there
/// instead of making a second one.
/// <para>
/// app.bsky.feed.post records are keyed by TID (lexicon app.bsky.feed.post, <c>"key": "tid"</c>;
/// shared/data/platforms/bluesky/lexicon_app.bsky.feed.post@d96f7d9.json), and the PDS refuses any
/// other key for a post. A TID is 64 bits, top bit zero, then 53 bits of microseconds since 1970 and
/// 10 bits of clock id, written as 13 characters of base32-sortable (<c>234567a–z</c>).
/// </para>
/// <para>
/// Derivation: SHA-256 of the UTF-8 text <c>signpost/bluesky/{IdempotencyKey}</c> (with
/// <c>/{attempt}</c> appended for attempt 1 and later); of its first eight bytes read big-endian,
/// the top 48 bits are added to 2023-01-01T00:00:00Z in microseconds (so that the key reads as a
/// TID of 2023–2031, as Bluesky's own are) and the low 10 bits are the clock id. 58 bits of the
/// hash make two publications' keys collide about once in 10^17 pairs.
/// </para>
/// <para>
/// Attempt 1 exists because the PDS refuses record keys that happen to spell a slur (its
/// explicit-slur patterns, a one-in-millions chance for a hashed key); the connector then uses the
/// next attempt's key, and looks for both when it checks whether a post was made.
/// </para>
/// </summary>
internal static class RecordKey
{
    private const string Base32Sortable = "234567abcdefghijklmnopqrstuvwxyz";

    /// <summary>2023-01-01T00:00:00Z in microseconds since 1970.</summary>
    private const long EpochMicroseconds = 1_672_531_200_000_000;

    /// <summary>How many keys one publication may use (see the slur note above).</summary>
    public const int Attempts = 2;

    public static string For(string idempotencyKey, int attempt = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var input = attempt == 0 ? $"signpost/bluesky/{idempotencyKey}" : $"signpost/bluesky/{idempotencyKey}/{attempt}";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(input), hash);
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash);

        var microseconds = (ulong)EpochMicroseconds + (bits >> 16);
        var clockId = bits & 0x3FF;
        return Encode((microseconds << 10) | clockId);
    }

    /// <summary>Whether <paramref name="key"/> is a TID (the syntax the PDS checks for posts).</summary>
    public static bool IsTid(string? key)
    {
        if (key is not { Length: 13 } || Base32Sortable.IndexOf(key[0], StringComparison.Ordinal) is < 0 or > 15)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!Base32Sortable.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Encode(ulong tid)
    {
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = Base32Sortable[(int)(tid & 31)];
            tid >>= 5;
        }

        return new string(chars);
    }
}
