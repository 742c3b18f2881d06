using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Tokens;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Platforms.Sandbox;

namespace Signpost.Core;

public static class SignpostCoreServices
{
    /// <summary>The data, audit and feature services shared by the web app, the worker and the CLI.</summary>
    public static IServiceCollection AddSignpostCore(this IServiceCollection services, DatabaseOptions database, IConfiguration? configuration = null)
    {
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<OrganisationScope>();
        services.AddDbContext<AppDbContext>(database.Configure);
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditChainVerifier>();
        services.AddScoped<AccountService>();
        services.AddScoped<MembershipService>();
        services.AddScoped<OrganisationService>();
        services.AddScoped<PolicySettingsService>();
        services.AddSingleton<PolicyEngineCache>();
        services.AddScoped<AccessTokenService>();
        services.AddScoped<DemoData>();

        // Publishing: connectors, notifications and the email outbox.
        services.AddSignpostPlatforms(configuration);
        var email = new EmailOptions { PickupDirectory = Path.Combine(DatabaseOptions.DefaultDataFolder(Directory.GetCurrentDirectory()), "mail") };
        configuration?.GetSection("Email").Bind(email);
        services.AddSingleton(email);
        services.AddScoped<NotificationService>();
        services.AddScoped<Features.Media.MediaService>();
        services.AddScoped<Features.ContentRequests.ContentRequestService>();
        services.AddScoped<Features.Calendar.CalendarService>();
        services.AddScoped<NotificationReadService>();
        services.AddScoped<Features.Posts.PostService>();
        services.AddSingleton<Features.Channels.ChannelCredentials>();
        services.AddSingleton<Platforms.X.IRenewedCredentialStore, Features.Channels.RenewedCredentialStore>();
        services.AddSingleton<Features.Media.PublicMediaUrls>();
        services.AddSingleton<Platforms.Instagram.IPublicMediaUrls>(provider => provider.GetRequiredService<Features.Media.PublicMediaUrls>());
        services.AddScoped<Features.Channels.ChannelService>().AddScoped<SandboxService>();
        var publishing = new PublishingOptions();
        configuration?.GetSection("Publishing").Bind(publishing);
        services.AddSingleton(publishing);
        services.AddScoped<PublishingService>();
        services.AddSingleton<SandboxNetwork>(provider => new SandboxNetwork(provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<TimeProvider>())
        {
            BaseUrl = provider.GetRequiredService<EmailOptions>().PublicBaseUrl,
        });
        services.AddSingleton<ISandboxNetwork>(provider => provider.GetRequiredService<SandboxNetwork>());

        // The inbox (issue 5): each part registers its own services.
        services.AddInboxIngestion(configuration).AddInboxWorkflow(configuration).AddInboxModeration(configuration).AddInboxEscalation(configuration);

        // One key ring for every node and the CLI, kept in the database (Identity's tokens, cookies, secrets).
        var dataProtection = services.AddDataProtection().SetApplicationName("Signpost").PersistKeysToDbContext<AppDbContext>();
        if (configuration?["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            // The keys themselves are encrypted at rest with the deployment's certificate.
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]));
        }

        services.AddIdentityCore<User>(ConfigureIdentity)
            .AddUserStore<SignpostUserStore>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        return services;
    }

    /// <summary>NCSC-style passwords: length and a deny-list, no composition rules; lockout after five failures.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Brings the database schema up to date (`signpost migrate`, or at start in development).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}
