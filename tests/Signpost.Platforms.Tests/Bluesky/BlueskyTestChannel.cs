using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Bluesky;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>
/// A Signpost channel on the Bluesky test network: a new account, connected through the connector
/// with an app password, as a person would in Signpost.
/// </summary>
internal sealed class BlueskyTestChannel
{
    private BlueskyTestChannel(BlueskyTestNetwork network, BlueskyConnector connector, BlueskyTestAccount account, ConnectResult connected)
    {
        Network = network;
        Connector = connector;
        Account = account;
        Connected = connected;
    }

    public BlueskyTestNetwork Network { get; }
    public BlueskyConnector Connector { get; }
    public BlueskyTestAccount Account { get; }
    public ConnectResult Connected { get; }
    public ChannelCall Call => new(Connected.Account, Connected.Credential);

    public static async Task<BlueskyTestChannel> ConnectAsync(string name, CancellationToken ct)
    {
        var network = BlueskyTestNetwork.Require();
        var account = await network.CreateAccountAsync(name, ct);
        var connector = CreateConnector(network.Pds);
        var connected = await connector.ConnectAsync(new ConnectRequest(account.Handle, account.AppPassword, null), ct);
        return new BlueskyTestChannel(network, connector, account, connected);
    }

    /// <summary>The connector as the app builds it (named HttpClient, options), with the test PDS as the default server.</summary>
    public static BlueskyConnector CreateConnector(Uri defaultService)
    {
        var options = new PlatformOptions();
        options.For(Signpost.Platforms.Network.Bluesky).DefaultServiceUrl = defaultService;
        var services = new ServiceCollection().AddSingleton(options);
        services.AddNetworkHttpClient(Signpost.Platforms.Network.Bluesky);
        var provider = services.BuildServiceProvider();
        return new BlueskyConnector(provider.GetRequiredService<IHttpClientFactory>(), options);
    }

    public PublishRequest Post(string text, string? key = null, IReadOnlyList<MediaUpload>? media = null, string? replyTo = null, PlatformCredential? credential = null) =>
        new(new ChannelCall(Connected.Account, credential ?? Connected.Credential), text, media ?? [], key ?? $"publication-{Guid.NewGuid():N}", replyTo);

    /// <summary>A real PNG of the given size (one colour), small enough for any test.</summary>
    public static byte[] Png(int width, int height)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                raw.Write([0x00, 0x5E, 0xB8]);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
