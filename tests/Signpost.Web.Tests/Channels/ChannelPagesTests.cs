using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Tokens;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Channels;

public sealed class ChannelPagesTests(ChannelsWebFactory factory) : IClassFixture<ChannelsWebFactory>
{
    private const string Channels = $"/o/{DemoPeople.Icb}/channels";

    [Fact]
    public async Task ChannelsPages_ForAnOfficer_CanBeReadButNotChanged()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var demo = await DemoChannelIdAsync();

        var list = await officer.GetDocumentAsync(Channels);
        var channel = await officer.GetDocumentAsync($"{Channels}/{demo}");
        var connect = await officer.GetAsync($"{Channels}/connect?network=sandbox");
        var pause = await officer.PostAsync($"{Channels}/{demo}?handler=Pause", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(list),
            ["StatusReason"] = "Not allowed",
        }));

        Assert.Contains("Riverside ICB on the Sandbox", list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector($"a[href='{Channels}/connect']"));
        Assert.Equal("Riverside ICB on the Sandbox", channel.QuerySelector("h1")!.TextContent.Trim());
        Assert.Empty(channel.QuerySelectorAll("form[action*='handler=Pause']"));
        Assert.Equal(HttpStatusCode.Forbidden, connect.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(Core.Features.Channels.ChannelStatus.Active, await factory.QueryAsync(db => db.Channels.Where(c => c.Id == demo).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Connect_ASandboxAccountThroughTheForm_ShowsItInTheListAndNeverShowsTheTokenBack()
    {
        var account = await CreateSandboxAccountAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var form = await manager.GetDocumentAsync($"{Channels}/connect?network=sandbox");
        var secret = form.QuerySelector("#Input_Secret")!;

        var response = await manager.SubmitFormAsync($"{Channels}/connect?network=sandbox", new()
        {
            ["Input.Name"] = "Winter campaign on the Sandbox",
            ["Input.OwningTeamId"] = "",
            ["Input.AccountKind"] = "Corporate",
            ["Input.Handle"] = "@" + account.Account.Handle,
            ["Input.Secret"] = account.Token,
        });

        Assert.Equal(("password", "off"), (secret.GetAttribute("type"), secret.GetAttribute("autocomplete")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await manager.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Winter campaign on the Sandbox", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Winter campaign on the Sandbox has been connected", page.QuerySelector(".nhsuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Token, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var list = await manager.GetDocumentAsync(Channels);
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Winter campaign on the Sandbox", StringComparison.Ordinal));
        Assert.Contains("@" + account.Account.Handle, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Active", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithTheWrongToken_ShowsTheErrorAndStoresNothing()
    {
        var account = await CreateSandboxAccountAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync($"{Channels}/connect?network=sandbox", new()
        {
            ["Input.Handle"] = account.Account.Handle,
            ["Input.Secret"] = "sbx_wrong",
            ["Input.AccountKind"] = "Corporate",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.StartsWith("The Sandbox did not accept that handle and token.", Assert.Single(page.ErrorMessages()), StringComparison.Ordinal);
        Assert.Equal("", page.QuerySelector("#Input_Secret")!.GetAttribute("value") ?? "");
        Assert.Equal(account.Account.Handle, page.QuerySelector("#Input_Handle")!.GetAttribute("value"));
        Assert.False(await factory.QueryAsync(db => db.Channels.AnyAsync(c => c.AccountId == account.Account.Id.ToString())));
    }

    [Fact]
    public async Task Pause_ThroughTheChannelPage_ShowsThePausedStatusAndTheReason()
    {
        var channel = await ConnectAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync($"{Channels}/{channel}", new() { ["StatusReason"] = "Period of national mourning" }, handler: "Pause");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await manager.GetDocumentAsync($"{Channels}/{channel}");
        Assert.Equal("Paused", page.QuerySelector("h1 + p .nhsuk-tag")!.TextContent.Trim());
        Assert.Contains("Period of national mourning", page.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("form[action*='handler=Resume']"));
    }

    [Fact]
    public async Task EditDetails_ADepartmentalHandleWithoutTheOrganisationsName_IsSavedAndWarnedAbout()
    {
        var channel = await ConnectAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync($"{Channels}/{channel}/edit", new()
        {
            ["Input.Name"] = "Diabetes service",
            ["Input.OwningTeamId"] = "",
            ["Input.AccountKind"] = "Departmental",
            ["Input.Purpose"] = "News for people living with diabetes",
            ["Input.ReviewOn.Day"] = "31",
            ["Input.ReviewOn.Month"] = "3",
            ["Input.ReviewOn.Year"] = "2027",
            ["Input.ApprovalsRequired"] = "2",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await manager.GetDocumentAsync($"{Channels}/{channel}");
        Assert.Contains("ACCOUNT-DEPARTMENT-HANDLE", page.QuerySelector(".nhsuk-warning-callout")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("31 March 2027", page.QuerySelector(".nhsuk-summary-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 different approvers", page.QuerySelector(".nhsuk-summary-list")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditDetails_WithTooManyApprovalsAndNoName_ShowsBothErrorsInFormOrder()
    {
        var channel = await ConnectAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync($"{Channels}/{channel}/edit", new()
        {
            ["Input.Name"] = " ",
            ["Input.AccountKind"] = "Corporate",
            ["Input.ApprovalsRequired"] = "9",
        });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Enter the channel's name", "Approvals needed must be between 1 and 5"], page.ErrorMessages());
    }

    [Fact]
    public async Task ChannelsApi_ListsTheOrganisationsChannelsWithoutCredentials()
    {
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.GetAsync("/api/v1/channels");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var channels = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        var demo = channels.Single(c => c.GetProperty("name").GetString() == "Riverside ICB on the Sandbox");
        Assert.Equal("sandbox", demo.GetProperty("network").GetString());
        Assert.Equal("riversideicb", demo.GetProperty("handle").GetString());
        Assert.Equal("active", demo.GetProperty("status").GetString());
        Assert.Equal("Communications and engagement", demo.GetProperty("owningTeam").GetProperty("name").GetString());
        Assert.Equal(1, demo.GetProperty("approvalsRequired").GetInt32());
        Assert.Equal(JsonValueKind.Null, demo.GetProperty("credentialExpiresAt").ValueKind);
        Assert.DoesNotContain(channels, c => c.GetProperty("name").GetString()!.Contains("Community", StringComparison.Ordinal));
        Assert.DoesNotContain("credentialCiphertext", text, StringComparison.OrdinalIgnoreCase);
        var one = await api.GetFromJsonAsync<JsonElement>($"/api/v1/channels/{demo.GetProperty("id").GetGuid()}");
        Assert.Equal("riversideicb", one.GetProperty("handle").GetString());
    }

    [Fact]
    public async Task ChannelsApi_ForAStaffMember_IsForbidden()
    {
        var api = await ApiAsync(DemoPeople.Staff);

        var response = await api.GetAsync("/api/v1/channels");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OAuthCallback_WithAWrongState_IsRefusedAndStoresNothing()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var started = await manager.SubmitFormAsync($"{Channels}/connect?network=linkedin", new() { ["Input.AccountKind"] = "Corporate" }, handler: "OAuth");
        var continuePage = await started.ReadDocumentAsync();
        var channelsBefore = await factory.QueryAsync(db => db.Channels.CountAsync());

        var callback = await manager.GetAsync("/channels/oauth/callback?state=not-the-state&code=good-code");

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.StartsWith("https://linkedin.test/", continuePage.QuerySelector("a.nhsuk-button")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        var page = await callback.ReadDocumentAsync();
        Assert.Contains("does not match the sign-in started here", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(channelsBefore, await factory.QueryAsync(db => db.Channels.CountAsync()));
        // The flow is used up: even the right state does not work after a refusal.
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(factory.OAuth.LastAuthorizationUrl!.Query)["state"].ToString();
        var again = await manager.GetAsync($"/channels/oauth/callback?state={Uri.EscapeDataString(state)}&code=good-code");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(channelsBefore, await factory.QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task OAuthCallback_WithTheRightStateAndCode_ConnectsTheAccountInTheOrganisationItStartedIn()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        await manager.SubmitFormAsync($"{Channels}/connect?network=linkedin", new() { ["Input.Name"] = "Riverside ICB on LinkedIn", ["Input.AccountKind"] = "Corporate" }, handler: "OAuth");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(factory.OAuth.LastAuthorizationUrl!.Query)["state"].ToString();

        var callback = await manager.GetAsync($"/channels/oauth/callback?state={Uri.EscapeDataString(state)}&code=good-code");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var channel = await factory.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.AccountId == FakeOAuthConnector.AccountId));
        Assert.Equal($"{Channels}/{channel.Id}", callback.Headers.Location!.OriginalString);
        Assert.Equal(("Riverside ICB on LinkedIn", Network.LinkedIn, await factory.OrganisationIdAsync(DemoPeople.Icb)), (channel.Name, channel.Network, channel.OrganisationId));
        Assert.DoesNotContain(FakeOAuthConnector.AccessToken, channel.CredentialCiphertext, StringComparison.Ordinal);
        Assert.NotNull(channel.CredentialExpiresAt);
    }

    [Fact]
    public async Task OAuthCallback_WithoutAFlowInTheBrowser_IsRefused()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var callback = await admin.GetAsync("/channels/oauth/callback?state=anything&code=good-code");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("was not started from this browser", (await callback.ReadDocumentAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_AnOAuthNetworkThisDeploymentHasNotRegistered_ExplainsWhatToDo()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var unregistered = factory.Services.GetRequiredService<ConnectorRegistry>().All.OfType<IOAuthConnector>().FirstOrDefault(c => !c.IsConfigured);
        Assert.SkipWhen(unregistered is null, "Every OAuth connector is configured in this host.");

        var page = await manager.GetDocumentAsync($"{Channels}/connect?network={unregistered.Network.ToString().ToLowerInvariant()}");

        Assert.Contains("docs/operations.md", page.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
    }

    private async Task<CreatedSandboxAccount> CreateSandboxAccountAsync()
    {
        await using var scope = factory.DataScope();
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        return await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisationId, new CreateSandboxAccountOptions("w" + Guid.NewGuid().ToString("N")[..12], "Web test account"), Actor.System);
    }

    private async Task<Guid> ConnectAsync()
    {
        var account = await CreateSandboxAccountAsync();
        await using var scope = factory.DataScope();
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(account.Account.Handle, account.Token, null), new ChannelDetailsOptions(null, null), Actor.System);
        return channel.Id;
    }

    private Task<Guid> DemoChannelIdAsync() =>
        factory.QueryAsync(db => db.Channels.Where(c => c.Name == "Riverside ICB on the Sandbox").Select(c => c.Id).SingleAsync());

    private async Task<HttpClient> ApiAsync(string email)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
            .CreateAsync(new CreateAccessTokenOptions(user.Id, organisationId, "Channels test", 30), Actor.System);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    private static string Antiforgery(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}
