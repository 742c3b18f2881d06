using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>
/// Connecting a Facebook Page subscribes it to the Meta app's webhooks (Page Subscribed Apps on a
/// local Graph API); a refusal keeps the channel and is shown on its page with a way to try again.
/// </summary>
public sealed class MetaPageSubscriptionTests(LocalGraphWebFactory factory) : IClassFixture<LocalGraphWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Connects the test Page with its Page token as a manager would (a new channel each time: the old one is removed first).</summary>
    private async Task<Channel> ConnectPageAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisation = scope.ServiceProvider.GetRequiredService<OrganisationScope>();
        organisation.MakeUnrestricted();
        var icb = await db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.Id).SingleAsync(Ct);
        var manager = await db.Users.SingleAsync(u => u.Email == DemoPeople.Manager, Ct);
        await db.Channels.Where(c => c.Network == Network.Facebook && c.AccountId == LocalGraphWebFactory.PageId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AccountId, "gone-" + Guid.NewGuid().ToString("N")), Ct);
        return await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(icb, Network.Facebook,
            new ConnectRequest(LocalGraphWebFactory.PageId, LocalGraphWebFactory.PageToken, null), new ChannelDetailsOptions("Riverside ICB on Facebook " + Guid.NewGuid().ToString("N")[..6], null),
            new Actor(manager.Id, manager.DisplayName), Ct);
    }

    private Task<Channel> StoredAsync(Guid channelId) =>
        factory.QueryAsync(db => db.Channels.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == channelId, Ct));

    [Fact]
    public async Task Connect_FacebookPage_SubscribesFeedAndMessagesWithThePageToken()
    {
        factory.SubscribeError = null;
        factory.Subscriptions.Clear();

        var channel = await ConnectPageAsync();

        var (pageId, fields, authorization) = Assert.Single(factory.Subscriptions);
        Assert.Equal((LocalGraphWebFactory.PageId, "feed,messages", $"Bearer {LocalGraphWebFactory.PageToken}"), (pageId, fields, authorization));
        Assert.Null((await StoredAsync(channel.Id)).InboxError);
    }

    [Fact]
    public async Task Connect_SubscriptionRefused_ChannelKeptWarningShownAndRetryWorks()
    {
        factory.SubscribeError = "(#200) Requires pages_manage_metadata permission to manage the object";
        var channel = await ConnectPageAsync();
        var stored = await StoredAsync(channel.Id);
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var page = await manager.GetDocumentAsync($"/o/{DemoPeople.Icb}/channels/{channel.Id}");

        Assert.Equal(ChannelStatus.Active, stored.Status);
        Assert.Equal("Messages from this Page will not reach the inbox until it is subscribed: Facebook refused the request: (#200) Requires pages_manage_metadata permission to manage the object (code 200, trace AbC1dEf2GhI).", stored.InboxError);
        var warning = Assert.Single(page.QuerySelectorAll(".nhsuk-warning-callout"), w => w.TextContent.Contains("subscribed", StringComparison.Ordinal));
        Assert.Contains("Messages from this Page will not reach the inbox until it is subscribed: ", warning.TextContent, StringComparison.Ordinal);
        Assert.NotNull(warning.QuerySelector("form button"));

        factory.SubscribeError = null;
        using var retried = await manager.SubmitFormAsync($"/o/{DemoPeople.Icb}/channels/{channel.Id}", [], "Subscribe");

        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Null((await StoredAsync(channel.Id)).InboxError);
        var after = await manager.GetDocumentAsync(retried.Headers.Location!.OriginalString);
        Assert.DoesNotContain(after.QuerySelectorAll(".nhsuk-warning-callout"), w => w.TextContent.Contains("subscribed", StringComparison.Ordinal));
        Assert.Contains("The Page is subscribed", after.QuerySelector(".nhsuk-notification-banner, [role=alert], [role=region]")?.TextContent ?? after.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelPage_OfficerWhenNotSubscribed_SeesTheWarningWithoutTheButton()
    {
        factory.SubscribeError = "(#200) Requires pages_manage_metadata permission to manage the object";
        var channel = await ConnectPageAsync();
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"/o/{DemoPeople.Icb}/channels/{channel.Id}");

        var warning = Assert.Single(page.QuerySelectorAll(".nhsuk-warning-callout"), w => w.TextContent.Contains("subscribed", StringComparison.Ordinal));
        Assert.Contains("pages_manage_metadata", warning.TextContent, StringComparison.Ordinal);
        Assert.Null(warning.QuerySelector("form"));
    }
}
