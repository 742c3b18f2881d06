using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Signpost.Core;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Users;
using Signpost.Core.Jobs;
using Signpost.Web.Api;
using Signpost.Web.Infrastructure;

namespace Signpost.Web;

/// <summary>How the web host is put together. Program.cs calls these two methods; tests use them through Program.</summary>
public static class SignpostWebSetup
{
    public const string SignInRateLimitPolicy = "sign-in";
    public const string ApiPolicy = "api";

    public static void AddSignpostWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var database = DatabaseOptions.FromConfiguration(configuration, DatabaseOptions.DefaultDataFolder(builder.Environment.ContentRootPath));
        services.AddSignpostCore(database, configuration);
        if (configuration.GetValue("Jobs:RunInWeb", true))
        {
            services.AddSignpostJobs();
        }

        // Sign-in: local accounts (Identity) for pages, personal access tokens for the API.
        new IdentityBuilder(typeof(User), services).AddSignInManager();
        // Cookies are Secure and __Host- prefixed; only plain-http development on localhost turns that off.
        var secureCookies = configuration.GetValue("Security:CookiesRequireHttps", true);
        var cookiePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var cookiePrefix = secureCookies ? "__Host-" : "";
        var authentication = services.AddAuthentication(IdentityConstants.ApplicationScheme);
        authentication.AddIdentityCookies();
        authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = cookiePrefix + "signpost";
            options.Cookie.SecurePolicy = cookiePolicy;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The API never signs in with cookies: answer 401/403, do not redirect to a page.
            options.Events.OnRedirectToLogin = context => Reject(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Reject(context, StatusCodes.Status403Forbidden);
        });
        services.ConfigureExternalCookie(o => { o.Cookie.SecurePolicy = cookiePolicy; o.Cookie.Name = cookiePrefix + "signpost-external"; });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => { o.Cookie.SecurePolicy = cookiePolicy; o.Cookie.Name = cookiePrefix + "signpost-2fa"; });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o => o.Cookie.SecurePolicy = cookiePolicy);
        var formActionExtra = AddEntraSignIn(authentication, configuration);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookiePrefix + "signpost-antiforgery";
            o.Cookie.SecurePolicy = cookiePolicy;
        });

        services.AddScoped<OrganisationContext>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToFolder("/Public");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Account/SignInTwoFactor");
            o.Conventions.AllowAnonymousToPage("/Account/SignInRecoveryCode");
            o.Conventions.AllowAnonymousToPage("/Account/Lockout");
            o.Conventions.AllowAnonymousToPage("/Account/ExternalSignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AddPageRoute("/Admin/Teams/Edit", "/o/{org}/admin/teams/{id:guid}");
            o.Conventions.AddPageRoute("/Inbox/SavedReplies/Edit", "/o/{org}/inbox/saved-replies/{id:guid}");
        }).AddMvcOptions(o => o.Filters.Add<OrganisationPageFilter>());

        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiDocumentTransformer>());

        AddSignInRateLimit(services, configuration);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        AddOpenTelemetry(builder);

        if (configuration.GetValue<bool>("Security:ForwardedHeaders:Enabled"))
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                foreach (var proxy in configuration.GetSection("Security:ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                {
                    o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
                }
            });
        }

        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddSingleton(new SecurityHeaders(formActionExtra));
    }

    public static async Task UseSignpostWebAsync(this WebApplication app)
    {
        await PrepareDatabaseAsync(app);

        if (app.Configuration.GetValue<bool>("Security:ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }

        var headers = app.Services.GetRequiredService<SecurityHeaders>();
        app.Use((context, next) => headers.ApplyAsync(context, next));
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapPublicMedia();
        app.MapWebhooks();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ApiPolicy)
            .AddEndpointFilter<ApiErrorFilter>()
            .AddEndpointFilter<ApiOrganisationFilter>()
            .WithTags("Signpost");
        api.MapAccountApi();
        api.MapTeamsApi();
        api.MapAuditApi();
        api.MapPolicyApi();
        api.MapPostsApi();
        api.MapMediaApi();
        api.MapChannelsApi();
        api.MapInboxApi();
        api.MapModerationApi();
        api.MapEscalationApi();
        api.MapSandboxInboundApi();

        if (app.Environment.IsDevelopment())
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));
        }
    }

    private static async Task PrepareDatabaseAsync(WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Database:MigrateOnStart"))
        {
            await SignpostCoreServices.MigrateAsync(app.Services);
        }

        if (app.Configuration.GetValue<bool>("Demo:Load"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        }
    }

    private static Task Reject(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void PrintWelcome(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var lines = new List<string>
        {
            "",
            "Signpost is running (Development).",
            $"  Open:      {string.Join(", ", addresses)}",
            $"  Database:  {database.Provider} ({(database.Provider == DatabaseProvider.Sqlite ? database.ConnectionString : "connection string from configuration")})",
        };
        if (app.Configuration.GetValue<bool>("Demo:Load"))
        {
            lines.Add($"  Demo sign-ins (password for all: {DemoData.Password}):");
            lines.AddRange(DemoData.SignIns.Select(s => $"    {s.Email,-45} {OrganisationRoleNames.Describe(s.Roles)} ({s.Organisation})"));
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    /// <summary>Sign-in with NHSmail (Microsoft Entra ID) by OpenID Connect, when configured.</summary>
    private static string AddEntraSignIn(Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication, ConfigurationManager configuration)
    {
        var section = configuration.GetSection("Authentication:Entra");
        if (!section.GetValue<bool>("Enabled"))
        {
            return "";
        }

        var instance = section["Instance"] is { Length: > 0 } i ? i.TrimEnd('/') : "https://login.microsoftonline.com";
        var authority = $"{instance}/{section["TenantId"]}/v2.0";
        authentication.AddOpenIdConnect(EntraSignIn.SchemeName, section["DisplayName"] ?? "NHSmail", o =>
        {
            o.Authority = authority;
            o.ClientId = section["ClientId"];
            o.ClientSecret = section["ClientSecret"];
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = "/signin-oidc";
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.MapInboundClaims = false;
            o.RequireHttpsMetadata = !authority.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !authority.StartsWith("http://localhost", StringComparison.Ordinal);
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        // The browser is redirected to the identity provider from a form post.
        return " " + new Uri(instance).GetLeftPart(UriPartial.Authority);
    }

    private static void AddSignInRateLimit(IServiceCollection services, IConfiguration configuration)
    {
        var permit = configuration.GetValue("Security:SignInRateLimit:PermitLimit", 10);
        var window = TimeSpan.FromSeconds(configuration.GetValue("Security:SignInRateLimit:WindowSeconds", 60));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts to sign in are limited, per client address; pages are not.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/account/sign-in")
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permit, Window = window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><title>Too many sign-in attempts - Signpost</title></head><body><main><h1>Too many sign-in attempts</h1><p>Wait a minute, then try again.</p></main></body></html>", ct);
            };
        });
    }

    private static void AddOpenTelemetry(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("OpenTelemetry:Enabled", true))
        {
            return;
        }

        var endpoint = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("signpost-web"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(endpoint))
                {
                    t.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter("Signpost");
                if (!string.IsNullOrWhiteSpace(endpoint))
                {
                    m.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }
            });
        _ = otel;
    }
}
