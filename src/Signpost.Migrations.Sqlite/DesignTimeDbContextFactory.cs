using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Signpost.Core.Data;

namespace Signpost.Migrations.Sqlite;

/// <summary>Lets dotnet-ef build the model for this provider; no database is opened to do so.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" }.Configure(options);
        return new AppDbContext(options.Options, new OrganisationScope());
    }
}
