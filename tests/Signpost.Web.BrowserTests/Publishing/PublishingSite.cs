using Microsoft.AspNetCore.Hosting;
using Signpost.Tests.Shared;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Publishing;

/// <summary>
/// The site with the publisher running in the web process (as the run command has it), pointed at
/// the Bluesky test network when there is one, and sending email to maildev when test.sh started it.
/// </summary>
public sealed class PublishingSite : SignpostSite
{
    private readonly string _mail = Directory.CreateTempSubdirectory("signpost-browser-mail-").FullName;

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:RunInWeb", "true");
        builder.UseSetting("Publishing:PollInterval", "00:00:00.250");
        builder.UseSetting("Email:PickupDirectory", _mail);
        if (Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_HOST") is { Length: > 0 } smtp)
        {
            builder.UseSetting("Email:SmtpHost", smtp);
            builder.UseSetting("Email:SmtpPort", Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_PORT"));
            builder.UseSetting("Email:UseTls", "false");
        }

        if (BlueskyTestNetwork.FromEnvironment() is { } bluesky)
        {
            builder.UseSetting("Platforms:Bluesky:DefaultServiceUrl", bluesky.Pds.ToString());
        }
    }
}
