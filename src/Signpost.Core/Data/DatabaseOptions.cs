using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Signpost.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database Signpost uses: SQLite by default, PostgreSQL by configuration.</summary>
public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "Signpost";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Reads `Database:Provider` (sqlite or postgres) and `ConnectionStrings:Signpost`; with no
    /// connection string, SQLite uses a file in <paramref name="defaultDataFolder"/>.
    /// </summary>
    public static DatabaseOptions FromConfiguration(IConfiguration configuration, string defaultDataFolder)
    {
        var providerText = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : providerText.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
                _ => throw new InvalidOperationException(
                    $"Database:Provider is '{providerText}'; use 'sqlite' or 'postgres'."),
            };
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    "Database:Provider is postgres but ConnectionStrings:Signpost is not set.");
            }

            Directory.CreateDirectory(defaultDataFolder);
            connectionString = $"Data Source={Path.Combine(defaultDataFolder, "signpost.db")}";
        }

        return new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
    }

    /// <summary>
    /// Where the default SQLite file lives: in a source checkout, the web project's App_Data (so
    /// that the web app, the worker and the CLI share one database wherever they are started
    /// from); otherwise App_Data beside the program.
    /// </summary>
    public static string DefaultDataFolder(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var web = Path.Combine(directory.FullName, "src", "Signpost.Web");
            if (File.Exists(Path.Combine(web, "Signpost.Web.csproj")))
            {
                return Path.Combine(web, "App_Data");
            }
        }

        return Path.Combine(startDirectory, "App_Data");
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly("Signpost.Migrations.Sqlite"));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("Signpost.Migrations.Postgres"));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {Provider}.");
        }
    }
}
