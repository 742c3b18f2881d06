using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Tokens;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Organisations;

/// <summary>
/// A member of one organisation tries every page and endpoint of another, by address and by id:
/// every attempt is 404 (the other organisation's pages cannot even be discovered) and nothing changes.
/// </summary>
public sealed class CrossOrganisationTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private static readonly string[] PostHandlers = ["", "Delete", "Password", "Unlock", "Remove", "Verify", "Preview", "Export", "Create", "Revoke"];

    [Fact]
    public async Task EveryOrganisationPage_OfAnotherOrganisation_IsNotFoundAndChangesNothing()
    {
        // The ICB's administrator is not a member of the trust.
        var client = await factory.SignInAsync(DemoPeople.Admin);
        var token = await AntiforgeryTokenAsync(client);
        var urls = await OrganisationPageUrlsAsync(DemoPeople.Trust);
        var before = await SnapshotAsync();
        Assert.True(urls.Count >= 10, $"Only {urls.Count} organisation pages found: {string.Join(", ", urls)}");

        var failures = new List<string>();
        foreach (var url in urls)
        {
            var get = await client.GetAsync(url);
            if (get.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"GET {url} gave {(int)get.StatusCode}");
            }

            foreach (var handler in PostHandlers)
            {
                var target = handler.Length == 0 ? url : $"{url}?handler={handler}";
                var post = await client.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Input.Name"] = "Taken over",
                    ["HouseRules"] = "Taken over",
                    ["Roles"] = "Administrator",
                    ["NewPassword"] = "taken over by another organisation",
                }));
                if (post.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"POST {target} gave {(int)post.StatusCode}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task EveryOrganisationPage_OfItsOwnOrganisation_OpensForItsAdministrator()
    {
        // The same list of pages, for the trust's own administrator: proves the list is real.
        var client = await factory.SignInAsync(DemoPeople.TrustAdmin);
        foreach (var url in await OrganisationPageUrlsAsync(DemoPeople.Trust))
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryApiEndpoint_WithAnotherOrganisationsIds_IsNotFoundAndChangesNothing()
    {
        var icbToken = await CreateTokenAsync(DemoPeople.Admin, DemoPeople.Icb);
        var trustToken = await CreateTokenAsync(DemoPeople.TrustAdmin, DemoPeople.Trust);
        var trustId = await factory.OrganisationIdAsync(DemoPeople.Trust);
        var trustTeam = await factory.QueryAsync(db => db.Teams.Where(t => t.OrganisationId == trustId).Select(t => t.Id).FirstAsync());
        var trustChannel = await factory.QueryAsync(db => db.Channels.Where(c => c.OrganisationId == trustId).Select(c => c.Id).FirstAsync());
        var before = await SnapshotAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", icbToken.Secret);

        var attempts = new (HttpMethod Method, string Url, HttpContent? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/teams/{trustTeam}", null),
            (HttpMethod.Put, $"/api/v1/teams/{trustTeam}", Json("""{"name":"Taken over"}""")),
            (HttpMethod.Delete, $"/api/v1/teams/{trustTeam}", null),
            (HttpMethod.Delete, $"/api/v1/tokens/{trustToken.Token.Id}", null),
            (HttpMethod.Get, $"/api/v1/channels/{trustChannel}", null),
        };
        var failures = new List<string>();
        foreach (var (method, url, body) in attempts)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = body });
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{method} {url} gave {(int)response.StatusCode}");
            }
        }

        var teams = await client.GetStringAsync("/api/v1/teams");
        Assert.DoesNotContain(trustTeam.ToString(), teams, StringComparison.Ordinal);
        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Contains("Communications", teams, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryApiEndpoint_WithoutAToken_AsksForOne()
    {
        var client = factory.CreateClient();
        foreach (var route in ApiRoutes())
        {
            var url = route.Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : Json("{}") });
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed, $"{method} {url} gave {(int)response.StatusCode}");
            }
        }

        // A signed-in browser session is not accepted by the API (no cross-site request forgery through cookies).
        var browser = await factory.SignInAsync(DemoPeople.Admin);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    private async Task<CreatedAccessToken> CreateTokenAsync(string email, string slug)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var organisation = await db.Organisations.SingleAsync(o => o.Slug == slug);
        return await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
            .CreateAsync(new CreateAccessTokenOptions(user.Id, organisation.Id, "Test", 30), Actor.System);
    }

    private async Task<IReadOnlyList<string>> OrganisationPageUrlsAsync(string slug)
    {
        var organisationId = await factory.OrganisationIdAsync(slug);
        var team = await factory.QueryAsync(db => db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync());
        var member = await factory.QueryAsync(db => db.Memberships.Where(m => m.OrganisationId == organisationId).Select(m => m.Id).FirstAsync());
        var channel = await factory.QueryAsync(db => db.Channels.Where(c => c.OrganisationId == organisationId).Select(c => c.Id).FirstAsync());
        var (media, awarenessDay, campaign, request) = await MediaCalendarAndRequestAsync(organisationId);
        var post = await PostAsync(organisationId, channel);
        var (message, author, savedReply) = await InboxMessageAndSavedReplyAsync(organisationId, channel);
        var (referral, dutyPage) = await ReferralAndDutyPageAsync(organisationId, message);
        var sources = factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return [.. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => p.Contains("{org}", StringComparison.Ordinal))
            .Distinct()
            .Select(p => "/" + p.TrimStart('/')
                .Replace("{org}", slug, StringComparison.Ordinal)
                .Replace("admin/teams/{id:guid}", $"admin/teams/{team}", StringComparison.Ordinal)
                .Replace("admin/people/{id:guid}", $"admin/people/{member}", StringComparison.Ordinal)
                .Replace("channels/{id:guid}", $"channels/{channel}", StringComparison.Ordinal)
                .Replace("media/{id:guid}", $"media/{media}", StringComparison.Ordinal)
                .Replace("awareness-days/{id:guid}", $"awareness-days/{awarenessDay}", StringComparison.Ordinal)
                .Replace("campaigns/{id:guid}", $"campaigns/{campaign}", StringComparison.Ordinal)
                .Replace("requests/{id:guid}", $"requests/{request}", StringComparison.Ordinal)
                .Replace("posts/{id:guid}", $"posts/{post}", StringComparison.Ordinal)
                .Replace("inbox/{id:guid}", $"inbox/{message}", StringComparison.Ordinal)
                .Replace("authors/{authorId:guid}", $"authors/{author}", StringComparison.Ordinal)
                .Replace("saved-replies/{id:guid}", $"saved-replies/{savedReply}", StringComparison.Ordinal)
                .Replace("safeguarding/{id:guid}", $"safeguarding/{referral}", StringComparison.Ordinal)
                .Replace("pages/{pageId:guid}", $"pages/{dutyPage}", StringComparison.Ordinal))
            .Order()];
    }

    /// <summary>
    /// A video with captions (so that its content and captions pages exist), an awareness day, a
    /// campaign and a content request in the organisation, made once, as its communications officer.
    /// </summary>
    private async Task<(Guid Media, Guid AwarenessDay, Guid Campaign, Guid Request)> MediaCalendarAndRequestAsync(Guid organisationId)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var officer = await db.Memberships.Where(m => m.OrganisationId == organisationId && (m.Roles & Core.Features.Users.OrganisationRoles.CommunicationsOfficer) != 0)
            .Select(m => m.User!).FirstAsync();
        var actor = Core.Features.Users.AccountService.ActorFor(officer);
        var media = await db.MediaItems.Where(m => m.OrganisationId == organisationId && m.Captions != null && m.DeletedAt == null).Select(m => (Guid?)m.Id).FirstOrDefaultAsync()
            ?? (await scope.ServiceProvider.GetRequiredService<Core.Features.Media.MediaService>().UploadAsync(organisationId, new Core.Features.Media.UploadMediaOptions("clinic.mp4",
                new MemoryStream([0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8, 0, 0, 0, 8, .. "mdat"u8]), Captions: "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello\n"), actor)).Item.Id;
        var calendar = scope.ServiceProvider.GetRequiredService<Core.Features.Calendar.CalendarService>();
        var awarenessDay = await db.AwarenessDays.Where(a => a.OrganisationId == organisationId).Select(a => (Guid?)a.Id).FirstOrDefaultAsync()
            ?? (await calendar.AddAwarenessDayAsync(organisationId, new Core.Features.Calendar.SaveAwarenessDayOptions("Stoptober", new DateOnly(2027, 10, 1), new DateOnly(2027, 10, 31), null, null), actor)).Id;
        var campaign = await db.Campaigns.Where(c => c.OrganisationId == organisationId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync()
            ?? (await calendar.CreateCampaignAsync(organisationId, new Core.Features.Calendar.SaveCampaignOptions("Winter", null, null, null), actor)).Id;
        var request = await db.ContentRequests.Where(r => r.OrganisationId == organisationId).Select(r => (Guid?)r.Id).FirstOrDefaultAsync()
            ?? (await scope.ServiceProvider.GetRequiredService<Core.Features.ContentRequests.ContentRequestService>().SubmitAsync(organisationId,
                new Core.Features.ContentRequests.SubmitContentRequestOptions(Core.Features.ContentRequests.ContentRequestKind.News, "Ward opening", "The new ward opens.", "Patients should know.", "Patients", null, null, null), actor)).Id;
        return (media, awarenessDay, campaign, request);
    }

    /// <summary>A draft post on the organisation's channel, made once, as its communications officer.</summary>
    private async Task<Guid> PostAsync(Guid organisationId, Guid channelId)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        if (await db.Posts.Where(p => p.OrganisationId == organisationId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync() is { } existing)
        {
            return existing;
        }

        var officer = await db.Memberships.Where(m => m.OrganisationId == organisationId && (m.Roles & Core.Features.Users.OrganisationRoles.CommunicationsOfficer) != 0)
            .Select(m => m.User!).FirstAsync();
        var post = await scope.ServiceProvider.GetRequiredService<Core.Features.Posts.PostService>().CreateAsync(organisationId,
            new Core.Features.Posts.SavePostOptions("Ward opening", "Our new ward opens on Monday.", [channelId]), Core.Features.Users.AccountService.ActorFor(officer));
        return post.Id;
    }

    /// <summary>A message from the public in the organisation's inbox (stored as ingestion stores it) and its saved reply library, made once.</summary>
    private async Task<(Guid Message, Guid Author, Guid SavedReply)> InboxMessageAndSavedReplyAsync(Guid organisationId, Guid channelId)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        await scope.ServiceProvider.GetRequiredService<Core.Features.Inbox.SavedReplyService>().EnsureDefaultsAsync(organisationId);
        var savedReply = await db.SavedReplies.Where(r => r.OrganisationId == organisationId).Select(r => r.Id).FirstAsync();
        if (await db.InboxMessages.Where(m => m.OrganisationId == organisationId).Select(m => new { m.Id, m.AuthorId }).FirstOrDefaultAsync() is { } existing)
        {
            return (existing.Id, existing.AuthorId, savedReply);
        }

        var now = DateTimeOffset.UtcNow;
        var author = new Core.Features.Inbox.PublicAuthor { Id = Guid.CreateVersion7(), OrganisationId = organisationId, ChannelId = channelId, PlatformId = "did:cross", Handle = "cross.org", FirstSeenAt = now, LastSeenAt = now, UpdatedAt = now };
        var message = new Core.Features.Inbox.InboxMessage { Id = Guid.CreateVersion7(), OrganisationId = organisationId, ChannelId = channelId, PlatformId = "cross-1", Text = "A question", AuthorId = author.Id, SentAt = now, ReceivedAt = now, UpdatedAt = now };
        db.PublicAuthors.Add(author);
        db.InboxMessages.Add(message);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.InboxMessagesReceived, Actor.System, organisationId, "Received 1 message"));
        return (message.Id, author.Id, savedReply);
    }

    /// <summary>
    /// A safeguarding referral of the message and a duty page about it to the organisation's
    /// administrator, made once. The safeguarding pages are for safeguarding leads only, so the
    /// administrator is made one too (before any snapshot is taken).
    /// </summary>
    private async Task<(Guid Referral, Guid DutyPage)> ReferralAndDutyPageAsync(Guid organisationId, Guid messageId)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var admin = await db.Memberships.Include(m => m.User).FirstAsync(m => m.OrganisationId == organisationId && m.User!.Email == DemoPeople.TrustAdmin);
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        if ((admin.Roles & Core.Features.Users.OrganisationRoles.SafeguardingLead) == 0)
        {
            admin.Roles |= Core.Features.Users.OrganisationRoles.SafeguardingLead;
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.MembershipChanged, Actor.System, organisationId, "Made a safeguarding lead for the test"));
        }

        var referral = await db.SafeguardingReferrals.Where(r => r.OrganisationId == organisationId).Select(r => (Guid?)r.Id).FirstOrDefaultAsync()
            ?? (await scope.ServiceProvider.GetRequiredService<Core.Features.Inbox.SafeguardingService>().ReferAsync(organisationId, messageId,
                new Core.Features.Inbox.ReferSafeguardingOptions("A child may be at risk", "A child", false), Core.Features.Users.AccountService.ActorFor(admin.User!))).Id;
        if (await db.DutyPages.Where(p => p.OrganisationId == organisationId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync() is { } page)
        {
            return (referral, page);
        }

        var now = DateTimeOffset.UtcNow;
        var dutyPage = new Core.Features.Inbox.DutyPage { Id = Guid.CreateVersion7(), OrganisationId = organisationId, MessageId = messageId, UserId = admin.UserId, PagedAt = now, AcknowledgeBy = now.AddMinutes(15) };
        db.DutyPages.Add(dutyPage);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.DutyManagerPaged, Actor.System, organisationId, "Paged the administrator for the test"));
        return (referral, dutyPage.Id);
    }

    private IReadOnlyList<string> ApiRoutes() =>
        [.. factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct()];

    /// <summary>Everything the trust has, so that "nothing changed" can be compared.</summary>
    private Task<string> SnapshotAsync() => factory.QueryAsync(async db =>
    {
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Slug == DemoPeople.Trust);
        var teams = await db.Teams.AsNoTracking().Where(t => t.OrganisationId == organisation.Id).OrderBy(t => t.Id).Select(t => t.Name + t.Description + t.Email).ToListAsync();
        var members = await db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisation.Id).OrderBy(m => m.Id).Select(m => m.Id + ":" + (int)m.Roles).ToListAsync();
        var events = await db.AuditEvents.AsNoTracking().CountAsync(e => e.OrganisationId == organisation.Id);
        var tokens = await db.PersonalAccessTokens.AsNoTracking().CountAsync(t => t.OrganisationId == organisation.Id && t.RevokedAt == null);
        return $"{organisation.Name}|{organisation.HouseRules.Length}|{string.Join(',', teams)}|{string.Join(',', members)}|{events}|{tokens}";
    });

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync($"/o/{DemoPeople.Icb}/admin/teams/new");
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
