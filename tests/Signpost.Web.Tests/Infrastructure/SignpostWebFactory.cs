using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Tests.Shared;

namespace Signpost.Web.Tests.Infrastructure;

/// <summary>
/// The real web host, through its real HTTP pipeline, on a throwaway database of the provider the
/// run asks for, with the demo organisation loaded. One per test class.
/// </summary>
public class SignpostWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory has not started.");

    /// <summary>Sign-in attempts allowed per minute per client; tests of the limit lower it.</summary>
    protected virtual int SignInPermitLimit => 100_000;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await StartDependenciesAsync();
        _ = Server; // start the host: migrations and demo data load at start
    }

    /// <summary>For factories that need another real server running before the host starts.</summary>
    protected virtual ValueTask StartDependenciesAsync() => ValueTask.CompletedTask;

    /// <summary>For factories that need more settings.</summary>
    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.ProviderName);
        builder.UseSetting("ConnectionStrings:Signpost", Database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Demo:Load", "true");
        builder.UseSetting("Jobs:RunInWeb", "false");
        builder.UseSetting("OpenTelemetry:Enabled", "false");
        builder.UseSetting("Security:SignInRateLimit:PermitLimit", SignInPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        ConfigureSettings(builder);
    }

    /// <summary>A browser-like client: https, cookies kept, redirects not followed (tests look at them).</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Signs in through the sign-in form and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoData.Password)
    {
        var client = CreateBrowser();
        var response = await client.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in as {email} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A unit of work on the test database that sees every organisation.</summary>
    public AsyncServiceScope DataScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = DataScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task<int> AuditEventCountAsync(string organisationSlug) =>
        QueryAsync(db => db.AuditEvents.CountAsync(e => e.OrganisationId == db.Organisations.Where(o => o.Slug == organisationSlug).Select(o => o.Id).First()));

    public Task<Guid> OrganisationIdAsync(string slug) =>
        QueryAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>What a person does with a page: read it, fill in and send its form.</summary>
public static class BrowserExtensions
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}");
        return await response.ReadDocumentAsync();
    }

    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>
    /// Loads the page, takes the antiforgery token from its form (the one posting to
    /// <paramref name="handler"/> when given), and posts the fields as the browser would.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string path, Dictionary<string, string> fields, string? handler = null, string? multiValueField = null, IEnumerable<string>? multiValues = null)
    {
        var page = await client.GetDocumentAsync(path);
        var form = page.Forms.FirstOrDefault(f => handler is null
                ? !(f.Action ?? "").Contains("handler=", StringComparison.OrdinalIgnoreCase) && !(f.Action ?? "").Contains("sign-out", StringComparison.Ordinal)
                : (f.Action ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No form{(handler is null ? "" : " for " + handler)} on {path}");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token in the form on {path}");
        var values = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        if (multiValueField is not null)
        {
            values.AddRange((multiValues ?? []).Select(v => new KeyValuePair<string, string>(multiValueField, v)));
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? path : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>The error messages a person sees next to the fields and in the error summary.</summary>
    public static IReadOnlyList<string> ErrorMessages(this IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".nhsuk-error-summary__list li").Select(li => li.TextContent.Trim())];
}
