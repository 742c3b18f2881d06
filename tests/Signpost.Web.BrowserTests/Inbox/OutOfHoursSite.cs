using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Features.Notifications;
using Signpost.Tests.Shared;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Inbox;

/// <summary>
/// The site with its background jobs running, at a time the test sets (a Saturday, 2am in London:
/// out of hours), sending text messages to a local GOV.UK Notify server and email to maildev when
/// test.sh started it (a pickup folder otherwise). The links in emails and text messages point at
/// the site itself, so that a test can follow them in the browser.
/// </summary>
public sealed class OutOfHoursSite : SignpostSite, IAsyncLifetime
{
    private readonly string _mail = Directory.CreateTempSubdirectory("signpost-browser-mail-").FullName;

    /// <summary>The site's clock: timers still run in real time, only "now" is the test's.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    public NotifyTestServer Notify { get; private set; } = null!;

    /// <summary>maildev's HTTP API, when test.sh started it.</summary>
    public static Uri? Maildev =>
        Environment.GetEnvironmentVariable("SIGNPOST_TEST_MAILDEV_URL") is { Length: > 0 } url
            && Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_HOST") is { Length: > 0 }
            ? new Uri(url.TrimEnd('/') + "/")
            : null;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        // Notify's server checks each token's time against the same clock as the site's.
        Notify = await NotifyTestServer.StartAsync(Clock);
        await InitializeAsync();

        // Kestrel chose its port only now: the links sent out point at it.
        Services.GetRequiredService<EmailOptions>().PublicBaseUrl = BaseAddress;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await Notify.DisposeAsync();
        Directory.Delete(_mail, recursive: true);
    }

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:RunInWeb", "true");
        builder.UseSetting("Inbox:ProcessInterval", "00:00:00.250");
        builder.UseSetting("Escalation:PollInterval", "00:00:01");
        builder.UseSetting("Email:PollInterval", "00:00:00.250");
        builder.UseSetting("Email:PickupDirectory", _mail);
        if (Maildev is not null)
        {
            builder.UseSetting("Email:SmtpHost", Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_HOST"));
            builder.UseSetting("Email:SmtpPort", Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_PORT"));
            builder.UseSetting("Email:UseTls", "false");
        }

        builder.UseSetting("Notify:ApiKey", Notify.ApiKey);
        builder.UseSetting("Notify:BaseUrl", Notify.BaseUrl.ToString());
        builder.UseSetting("Notify:SmsTemplateId", Notify.TemplateId);
        builder.UseSetting("Notify:PollInterval", "00:00:00.250");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
