using Microsoft.EntityFrameworkCore;
using Npgsql;
using Signpost.Core.Data;

namespace Signpost.Tests.Shared;

/// <summary>
/// A throwaway database for one test class, on the provider the run asks for:
/// SIGNPOST_TEST_PROVIDER=sqlite (default: a temporary file) or postgres (a new database on the
/// server in SIGNPOST_TEST_POSTGRES, dropped afterwards). ./test.sh runs every data test on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public DatabaseOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString };
    public string ProviderName => Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    public static DatabaseProvider RequestedProvider =>
        (Environment.GetEnvironmentVariable("SIGNPOST_TEST_PROVIDER") ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            _ => DatabaseProvider.Sqlite,
        };

    /// <summary>Creates an empty database (no schema).</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        if (RequestedProvider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "signpost-tests");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", file, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("SIGNPOST_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SIGNPOST_TEST_PROVIDER=postgres needs SIGNPOST_TEST_POSTGRES (./test.sh sets both).");
        var name = $"signpost_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, null, admin, name);
    }

    /// <summary>A context on this database with the given scope (unrestricted when null).</summary>
    public AppDbContext CreateContext(OrganisationScope? scope = null)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        Options.Configure(builder);
        if (scope is null)
        {
            scope = new OrganisationScope();
            scope.MakeUnrestricted();
        }

        return new AppDbContext(builder.Options, scope);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
        }

        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
