using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core;
using Signpost.Core.Data;

namespace Signpost.Cli;

/// <summary>The verbs of the command-line tool, one partial file each.</summary>
public static partial class Commands
{
    /// <summary>Exit codes: 0 success, 1 the work found a problem (a bad line, a broken chain), 2 a usage error.</summary>
    public const int Ok = 0;
    public const int Problem = 1;
    public const int UsageError = 2;

    private static readonly Option<string?> ProviderOption = new("--database-provider")
    {
        Description = "sqlite or postgres (default: Database__Provider, or sqlite)",
        Recursive = true,
    };

    private static readonly Option<string?> ConnectionOption = new("--connection-string")
    {
        Description = "The database connection string (default: ConnectionStrings__Signpost, or the SQLite file the web app uses, src/Signpost.Web/App_Data/signpost.db in a checkout)",
        Recursive = true,
    };

    /// <summary>The root command with every verb, used by Program.cs and by the tests.</summary>
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("Signpost: social media management and governance for NHS organisations.");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(Audit());
        root.Subcommands.Add(Token());
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(Organisation());
        foreach (var command in Policy())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs; a usage error prints the problem and help, and exits with 2.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        root.Options.Add(ProviderOption);
        root.Options.Add(ConnectionOption);
        var parsed = root.Parse(args, new ParserConfiguration());
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync(e.Message);
            }

            await error.WriteLineAsync("Run 'signpost --help' for the commands and their options.");
            return UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The Core services on the configured database, with an unrestricted scope (the CLI acts for the deployment).</summary>
    internal static ServiceProvider BuildServices(ParseResult parsed)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var overrides = new Dictionary<string, string?>();
        if (parsed.GetValue(ProviderOption) is { } provider)
        {
            overrides["Database:Provider"] = provider;
        }

        if (parsed.GetValue(ConnectionOption) is { } connection)
        {
            overrides[$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connection;
        }

        var merged = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        var database = DatabaseOptions.FromConfiguration(merged, DatabaseOptions.DefaultDataFolder(Directory.GetCurrentDirectory()));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(database, merged);
        return services.BuildServiceProvider();
    }

    internal static AsyncServiceScope CreateUnrestrictedScope(ServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }
}
