using Microsoft.EntityFrameworkCore;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Data;

public sealed class ModelTests
{
    [Fact]
    public async Task Migrations_ForThisProvider_MatchTheModel()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        // A change to an entity without a migration for this provider fails here.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {database.ProviderName} migrations are behind the model: add a migration.");
    }

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryMigration()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Organisations.CountAsync(TestContext.Current.CancellationToken));
    }
}
