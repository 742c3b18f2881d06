using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Tests.Shared;

namespace Signpost.Web.BrowserTests.Infrastructure;

/// <summary>
/// The real web host on Kestrel on a free loopback port, on a throwaway database with the demo
/// organisation loaded, and one headless Chromium to drive it. One per test class; each test
/// takes a new browser context (its own cookies).
/// </summary>
public class SignpostSite : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private TestDatabase? _database;
    private SignpostServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private X509Certificate2? _certificate;

    /// <summary>https://localhost:port/, the name the certificate is for.</summary>
    public Uri BaseAddress { get; private set; } = new("https://localhost/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The site has not started.");

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _server = new SignpostServer(_database, ConfigureHost);
        // HTTPS as in production: the antiforgery and sign-in cookies are Secure, and antiforgery
        // refuses plain HTTP. A self-signed certificate for localhost, made for this run.
        _certificate = LocalhostCertificate();
        _server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        _server.StartServer();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseAddress = new Uri($"https://localhost:{new Uri(address).Port}/");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SIGNPOST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A fresh browser context: no cookies, the site as its base URL. The previous test's
    /// context is closed first (a class's tests run one at a time).
    /// </summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        foreach (var old in Browser.Contexts.ToList())
        {
            await old.CloseAsync();
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            IgnoreHTTPSErrors = true, // the run's own self-signed certificate
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in through the sign-in form as <paramref name="email"/>.</summary>
    public async Task<IPage> SignInAsync(string email, bool javaScript = true)
    {
        var page = await NewPageAsync(javaScript);
        await page.SignInAsync(email);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _certificate?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static X509Certificate2 LocalhostCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform can use: round-trip through PKCS #12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Settings a test class's site adds to the defaults (for example, running the publisher).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    /// <summary>The web host's services, for tests that look at what was stored.</summary>
    public IServiceProvider Services => _server?.Services ?? throw new InvalidOperationException("The site has not started.");

    private sealed class SignpostServer(TestDatabase database, Action<IWebHostBuilder> configure) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", database.ProviderName);
            builder.UseSetting("ConnectionStrings:Signpost", database.ConnectionString);
            builder.UseSetting("Database:MigrateOnStart", "true");
            builder.UseSetting("Demo:Load", "true");
            builder.UseSetting("Jobs:RunInWeb", "false");
            builder.UseSetting("OpenTelemetry:Enabled", "false");
            builder.UseSetting("Security:SignInRateLimit:PermitLimit", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:Console:FormatterName", "simple");
            configure(builder);
        }
    }
}
