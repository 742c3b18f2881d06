using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Tests.Shared;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Inbox;

/// <summary>
/// Issue 5, end to end in a real browser: out of hours (a Saturday, 2am in London), a member of the
/// public discloses that a child is being hurt, on a Sandbox channel. Triage labels it safeguarding
/// (urgent); the duty communications manager on the on-call rota is paged by email (maildev) and by
/// text message (a GOV.UK Notify server); she opens the link in the email, signs in and acknowledges
/// the page; once acknowledged, nobody else on the rota is paged when its time passes (004 §6.4.5).
/// The rota and the mobile numbers are set through the pages; axe checks the pages on the way.
/// </summary>
public sealed partial class OutOfHoursSafeguardingTests(OutOfHoursSite site) : IClassFixture<OutOfHoursSite>
{
    private const string Org = "/o/" + DemoData.IcbSlug;
    private const string Duty = "duty.manager@riverside.example";
    private const string Manager = "comms.manager@riverside.example";
    private const string Disclosure = "My neighbour's child has bruises and says her dad hits her, I'm scared for her";

    [Fact]
    public async Task SafeguardingDisclosure_OutOfHours_DutyManagerPagedByEmailAndText_AcknowledgesIt_NobodyElsePaged()
    {
        if (OutOfHoursSite.Maildev is not { } maildev)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "test.sh must start maildev (SIGNPOST_TEST_SMTP_HOST, _PORT, SIGNPOST_TEST_MAILDEV_URL).");
            Assert.Skip("No maildev: run through ./test.sh.");
            return;
        }

        // The duty manager and the communications manager give their mobile numbers for duty pages.
        await SetMobileAsync(Duty, "07700 900 321");
        await SetMobileAsync(Manager, "07700 900 322");

        // The communications manager puts the duty manager first on the rota for the weekend, and himself second.
        var manager = await site.SignInAsync(Manager);
        await AddShiftAsync(manager, "Grace Williams", position: 1);
        await AddShiftAsync(manager, "Tom Okafor", position: 2);
        var onCall = manager.Locator("main ol li");
        await Assertions.Expect(onCall).ToHaveTextAsync(["Grace Williams, until 30 November 2026, 9am", "Tom Okafor, until 30 November 2026, 9am"]);
        await manager.AssertNoAxeViolationsAsync();

        // Saturday, 2am: a member of the public comments on the channel's post.
        var channel = await SandboxChannelAsync();
        var messageId = await DiscloseAsync(channel);

        // The duty manager is emailed a link to the page...
        var email = await WaitForEmailAsync(maildev, Duty, $"Duty page: urgent message (safeguarding) on {channel.Name}");
        var link = PageLink().Match(email.GetProperty("text").GetString()!);
        Assert.True(link.Success, $"No link to a duty page in the email:\n{email.GetProperty("text").GetString()}");
        var pageLink = new Uri(link.Value);
        Assert.Equal(site.BaseAddress.GetLeftPart(UriPartial.Authority), pageLink.GetLeftPart(UriPartial.Authority));
        var pageId = Guid.Parse(pageLink.Segments[^1]);
        Assert.Contains("arrived out of hours", email.GetProperty("text").GetString(), StringComparison.Ordinal);

        // ... and texted it, through GOV.UK Notify.
        var sms = await WaitForTextMessageAsync(pageId.ToString());
        Assert.Equal("+447700900321", sms.PhoneNumber);
        Assert.Equal(site.Notify.TemplateId, sms.TemplateId);
        Assert.Contains(pageLink.ToString(), sms.Personalisation["message"], StringComparison.Ordinal);
        Assert.Contains($"urgent message (safeguarding) on {channel.Name}", sms.Personalisation["message"], StringComparison.Ordinal);

        // The communications team sees it in the inbox, urgent, labelled safeguarding, out of hours.
        await manager.GotoAsync($"{Org}/inbox");
        var row = manager.Locator("tbody tr").Filter(new() { Has = manager.Locator($"a[href='{Org}/inbox/{messageId}']") });
        await Assertions.Expect(row).ToContainTextAsync(Disclosure);
        await Assertions.Expect(row.Locator(".nhsuk-tag", new() { HasText = "Urgent" })).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".nhsuk-tag", new() { HasText = "Safeguarding" })).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("28 November 2026, 2am (out of hours)");
        await manager.AssertNoAxeViolationsAsync();

        // The duty manager follows the link in the email, signs in, and lands on the page.
        var duty = await site.NewPageAsync();
        await duty.GotoAsync(pageLink.ToString());
        await duty.GetByLabel("Email address").FillAsync(Duty);
        await duty.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoData.Password);
        await duty.ClickButtonAsync("Sign in");
        await duty.WaitForURLAsync(pageLink.ToString());
        Assert.Equal($"Urgent message (safeguarding) on {channel.Name}", await duty.HeadingAsync());
        await Assertions.Expect(duty.Locator("main .nhsuk-tag")).ToHaveTextAsync("Not acknowledged");
        await Assertions.Expect(duty.Locator("main .nhsuk-inset-text")).ToContainTextAsync(Disclosure);
        await Assertions.Expect(duty.Locator("main table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(duty.Locator("main table")).ToContainTextAsync("Sent to 07700 900321 through GOV.UK Notify");
        await duty.AssertNoAxeViolationsAsync();

        // She acknowledges it, and sees it acknowledged.
        await duty.ClickButtonAsync("Acknowledge the page");
        await Assertions.Expect(duty.Locator(".nhsuk-notification-banner"))
            .ToContainTextAsync("You have acknowledged the page. Nobody else will be paged about this message");
        await Assertions.Expect(duty.Locator("main .nhsuk-tag")).ToHaveTextAsync("Acknowledged");
        await Assertions.Expect(duty.Locator("main")).ToContainTextAsync("Acknowledged by Grace Williams at 28 November 2026, 2am");
        await Assertions.Expect(duty.GetByRole(AriaRole.Button, new() { Name = "Acknowledge the page" })).ToHaveCountAsync(0);
        await duty.AssertNoAxeViolationsAsync();

        // Its time passes: the escalation step pages nobody else (Tom Okafor, second on the rota, is not paged).
        var acknowledgeBy = await QueryAsync(db => db.DutyPages.Where(p => p.Id == pageId).Select(p => p.AcknowledgeBy).SingleAsync());
        site.Clock.Set(acknowledgeBy.AddMinutes(1));
        var escalated = await site.Services.GetRequiredService<DutyPageEscalator>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, escalated);
        var pages = await QueryAsync(db => db.DutyPages.Where(p => p.MessageId == messageId).Select(p => new { p.Id, p.AcknowledgedAt, p.EscalatedAt }).ToListAsync());
        var only = Assert.Single(pages);
        Assert.Equal(pageId, only.Id);
        Assert.NotNull(only.AcknowledgedAt);
        Assert.Null(only.EscalatedAt);
        Assert.DoesNotContain(site.Notify.Received, s => s.PhoneNumber == "+447700900322");
        Assert.False(await QueryAsync(db => db.OutboxEmails.AnyAsync(e => e.To == Manager && e.Subject.Contains(channel.Name))));
    }

    /// <summary>Signs in as <paramref name="email"/> and saves a mobile number on the profile page.</summary>
    private async Task SetMobileAsync(string email, string number)
    {
        var page = await site.SignInAsync(email);
        await page.GotoAsync("/profile/mobile");
        await page.GetByLabel("UK mobile number").FillAsync(number);
        await page.ClickButtonAsync("Save");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Your mobile number has been saved");
    }

    /// <summary>Adds a weekend shift (Friday 5pm to Monday 9am) on the rota page for the person named.</summary>
    private static async Task AddShiftAsync(IPage page, string name, int position)
    {
        await page.GotoAsync($"{Org}/on-call");
        var select = page.GetByLabel("Who is on call");
        var value = await select.Locator("option", new() { HasText = name }).GetAttributeAsync("value");
        await select.SelectOptionAsync(value!);
        var starts = page.GetByRole(AriaRole.Group, new() { Name = "Starts on" });
        await starts.GetByLabel("Day").FillAsync("27");
        await starts.GetByLabel("Month").FillAsync("11");
        await starts.GetByLabel("Year").FillAsync("2026");
        await page.GetByLabel("Starts at").FillAsync("5pm");
        var ends = page.GetByRole(AriaRole.Group, new() { Name = "Ends on" });
        await ends.GetByLabel("Day").FillAsync("30");
        await ends.GetByLabel("Month").FillAsync("11");
        await ends.GetByLabel("Year").FillAsync("2026");
        await page.GetByLabel("Ends at").FillAsync("9am");
        await page.GetByLabel("Order of paging").FillAsync(position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickButtonAsync("Add shift");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("has been added to the rota");
    }

    /// <summary>A Sandbox account of the ICB, connected as a channel, with a post of its own.</summary>
    private async Task<Channel> SandboxChannelAsync()
    {
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (organisationId, manager) = await ManagerAsync(db);
        var teamId = await db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync();
        var handle = "ooh" + Guid.NewGuid().ToString("N")[..10];
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, "Riverside out of hours " + handle), manager);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, teamId), manager);
        await scope.ServiceProvider.GetRequiredService<SandboxNetwork>().PublishAsync(account.Account.Id.ToString(), account.Token,
            new PublishRequest(new ChannelCall(channel.ToAccount(), new PlatformCredential { AccessToken = account.Token }),
                "Our walk-in centre is open all weekend.", [], Guid.NewGuid().ToString("N")), CancellationToken.None);
        return channel;
    }

    /// <summary>A member of the public comments on the channel's post (stored and triaged at once); the background does the rest.</summary>
    private async Task<Guid> DiscloseAsync(Channel channel)
    {
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (organisationId, manager) = await ManagerAsync(db);
        var sent = await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
            .SendAsync(organisationId, channel.Id, new SandboxInboundOptions("comment", Disclosure, "riverside.mum"), manager);
        var message = await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == sent.MessageId);
        Assert.True(message.Has(TriageLabel.Safeguarding), $"Triage gave: {string.Join(", ", message.Labels)}");
        Assert.True(message.OutOfHours);
        return sent.MessageId;
    }

    /// <summary>The email to <paramref name="to"/> with this subject, once the outbox has delivered it to maildev (at most 60 s).</summary>
    private static async Task<JsonElement> WaitForEmailAsync(Uri maildev, string to, string subject)
    {
        using var http = new HttpClient { BaseAddress = maildev };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var emails = await http.GetFromJsonAsync<JsonElement>("email");
            foreach (var email in emails.EnumerateArray())
            {
                if (email.GetProperty("subject").GetString() == subject
                    && email.GetProperty("to").EnumerateArray().Any(a => a.GetProperty("address").GetString() == to))
                {
                    return email;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No email '{subject}' to {to} reached maildev within 60 s.");
            await Task.Delay(250);
        }
    }

    /// <summary>The text message with this reference, once the outbox has sent it to the Notify server (at most 60 s).</summary>
    private async Task<NotifyReceivedSms> WaitForTextMessageAsync(string reference)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            if (site.Notify.Received.FirstOrDefault(s => s.Reference == reference) is { } sms)
            {
                return sms;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"No text message with reference {reference} reached the Notify server within 60 s. Refused: {string.Join("; ", site.Notify.Refused)}");
            await Task.Delay(250);
        }
    }

    private static async Task<(Guid OrganisationId, Actor Manager)> ManagerAsync(AppDbContext db)
    {
        var organisationId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        var user = await db.Users.SingleAsync(u => u.Email == Manager);
        return (organisationId, new Actor(user.Id, user.DisplayName));
    }

    private async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = DataScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private AsyncServiceScope DataScope()
    {
        var scope = site.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    [GeneratedRegex(@"https://localhost:\d+/o/riverside-icb/pages/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex PageLink();
}
