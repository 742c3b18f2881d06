using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Bluesky;
using Signpost.Platforms.Inbox;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>
/// The Bluesky inbox as the application builds it: registered by AddSignpostPlatforms, configured
/// from Platforms:Bluesky. (The whole InboxConnectorRegistry cannot be built here: the Sandbox's
/// inbox side needs Signpost.Core, so the Bluesky registrations are built on their own.)
/// </summary>
public sealed class InboxRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddSignpostPlatforms_RegistersTheBlueskyPollerAndConnector()
    {
        var services = new ServiceCollection().AddSignpostPlatforms();
        using var provider = services.BuildServiceProvider();

        var poller = Assert.Single(Registered<IInboxPoller>(services, provider));
        var connector = Assert.Single(Registered<IInboxConnector>(services, provider));

        Assert.IsType<BlueskyInboxPoller>(poller);
        Assert.IsType<BlueskyInboxConnector>(connector);
        Assert.Equal(Network.Bluesky, poller.Network);
        Assert.Equal(Network.Bluesky, connector.Network);
    }

    [Fact]
    public async Task Report_ThroughTheRegisteredConnector_GoesToTheConfiguredModerationService()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxreg", Ct);
        var member = await channel.Network.CreateAccountAsync("member", Ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platforms:Bluesky:DefaultServiceUrl"] = channel.Network.Pds.ToString(),
            ["Platforms:Bluesky:ModerationServiceDid"] = BlueskyTestNetwork.OzoneDid,
        }).Build();
        var services = new ServiceCollection().AddSignpostPlatforms(configuration);
        using var provider = services.BuildServiceProvider();
        var connector = Assert.Single(Registered<IInboxConnector>(services, provider));
        var target = new InboxTarget("", InboundKind.Comment, member.Did);

        var result = await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Report, target, "Uses our name, brand or imagery without permission"), Ct);

        var report = Assert.Single(await channel.Network.OzoneReportsAsync(member.Did, Ct));
        Assert.Equal(result.PlatformReference, report.GetProperty("id").GetRawText());
        Assert.Equal("com.atproto.moderation.defs#reasonMisleading", report.GetProperty("event").GetProperty("reportType").GetString());
    }

    /// <summary>The services of type <typeparamref name="T"/> that BlueskyInboxServices registered, built from their registrations.</summary>
    private static List<T> Registered<T>(IServiceCollection services, IServiceProvider provider) =>
    [
        .. services
            .Where(d => d.ServiceType == typeof(T) && d.ImplementationFactory is { } factory &&
                        (factory.Method.DeclaringType == typeof(BlueskyInboxServices) || factory.Method.DeclaringType?.DeclaringType == typeof(BlueskyInboxServices)))
            .Select(d => (T)d.ImplementationFactory!(provider)),
    ];
}
