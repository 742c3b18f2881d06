using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Signpost.Core.Data;

namespace Signpost.Migrations.Postgres;

/// <summary>Lets dotnet-ef build the model for this provider; no database is opened to do so.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=signpost_design;Username=postgres" }.Configure(options);
        return new AppDbContext(options.Options, new OrganisationScope());
    }
}
