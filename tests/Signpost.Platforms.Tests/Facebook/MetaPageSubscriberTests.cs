using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Meta;
using Signpost.Platforms.Tests.Fakes;
using static Signpost.Platforms.Tests.Facebook.GraphTestHost;

namespace Signpost.Platforms.Tests.Facebook;

/// <summary>Subscribing a Page to the app's webhooks (Graph API "Page Subscribed Apps") against a local Graph API answering as Meta documents.</summary>
public sealed class MetaPageSubscriberTests : IAsyncLifetime
{
    private const string InstagramId = "17841474524784050";
    private const string LinkedPageToken = "EAAB-page-token-linked";

    private static readonly ChannelCall PageCall = new(new PlatformAccount(PageId, "NHS Riverside ICB"), new PlatformCredential { AccessToken = PageToken });

    private static readonly ChannelCall InstagramCall = new(
        new PlatformAccount(InstagramId, "nhsriverside"),
        new PlatformCredential { AccessToken = GraphTestHost.UserToken, Extra = new Dictionary<string, string> { ["page_id"] = PageId } });

    private DocumentedApiServer _server = null!;
    private ServiceProvider _services = null!;
    private MetaPageSubscriber _subscriber = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _services = Services(_server);
        _subscriber = _services.GetRequiredService<MetaPageSubscriber>();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_FacebookPage_PostsFeedAndMessagesWithThePageToken()
    {
        _server.MapJson("POST", "/v25.0/{id}/subscribed_apps", """{"success":true}""");

        await _subscriber.SubscribeAsync(Network.Facebook, PageCall, Ct);

        var sent = Assert.Single(_server.Requests);
        Assert.Equal(("POST", $"/v25.0/{PageId}/subscribed_apps"), (sent.Method, sent.Path));
        Assert.Equal("feed,messages", sent.Form["subscribed_fields"]);
        Assert.Equal($"Bearer {PageToken}", sent.Header("Authorization"));
        Assert.Equal(Proof(PageToken), sent.Query["appsecret_proof"]);
    }

    [Fact]
    public async Task Subscribe_Instagram_SubscribesTheLinkedPageWithItsPageToken()
    {
        _server.MapJson("GET", "/v25.0/{id}", $$"""{"access_token":"{{LinkedPageToken}}","id":"{{PageId}}"}""");
        _server.MapJson("POST", "/v25.0/{id}/subscribed_apps", """{"success":true}""");

        await _subscriber.SubscribeAsync(Network.Instagram, InstagramCall, Ct);

        var read = Assert.Single(_server.RequestsTo("GET", "/v25.0/{id}"));
        Assert.Equal(($"/v25.0/{PageId}", "access_token", $"Bearer {GraphTestHost.UserToken}"), (read.Path, read.Query["fields"], read.Header("Authorization")));
        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}/subscribed_apps"));
        Assert.Equal($"/v25.0/{PageId}/subscribed_apps", sent.Path);
        Assert.Equal($"Bearer {LinkedPageToken}", sent.Header("Authorization"));
        Assert.Equal(Proof(LinkedPageToken), sent.Query["appsecret_proof"]);
    }

    [Fact]
    public async Task Subscribe_MissingPermission_ThrowsWithMetasReason()
    {
        _server.MapJson("POST", "/v25.0/{id}/subscribed_apps",
            """{"error":{"message":"(#200) Requires pages_manage_metadata permission to manage the object","type":"OAuthException","code":200,"fbtrace_id":"AbC1dEf2GhI"}}""", status: 403);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _subscriber.SubscribeAsync(Network.Facebook, PageCall, Ct));

        Assert.Contains("pages_manage_metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_NotConfirmed_ThrowsRejected()
    {
        _server.MapJson("POST", "/v25.0/{id}/subscribed_apps", """{"success":false}""");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _subscriber.SubscribeAsync(Network.Facebook, PageCall, Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
    }
}
