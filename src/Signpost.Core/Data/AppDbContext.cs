using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Signpost.Core.Audit;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Tokens;
using Signpost.Core.Features.Users;

namespace Signpost.Core.Data;

/// <summary>
/// The one database context, for SQLite and PostgreSQL alike. Organisation-owned sets are
/// filtered to the scope's organisation; a save that changes data without an audit event is refused.
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options, OrganisationScope scope)
    : IdentityUserContext<User, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public OrganisationScope Scope => scope;

    // Read by the query filters; EF Core turns them into parameters of each query.
    private Guid? ScopeOrganisationId => scope.OrganisationId;
    private Guid? ScopeUserId => scope.UserId;
    private bool ScopeUnrestricted => scope.IsUnrestricted;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        builder.Entity<Team>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<PersonalAccessToken>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<AuditEvent>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);

        // A person sees the memberships of the organisation in scope, and their own everywhere
        // (for the organisation switcher); never another person's membership elsewhere.
        builder.Entity<Membership>().HasQueryFilter(e =>
            ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId || e.UserId == ScopeUserId);
        builder.Entity<Organisation>().HasQueryFilter(o =>
            ScopeUnrestricted || o.Id == ScopeOrganisationId || Memberships.Any(m => m.OrganisationId == o.Id && m.UserId == ScopeUserId));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite has no date type that sorts and compares correctly with offsets: store UTC ticks.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureAudited();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureAudited();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every write is recorded: a change without an audit event is a programming error.</summary>
    private void EnsureAudited()
    {
        var changesData = false;
        var audited = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case AuditEvent when entry.State == EntityState.Added:
                    audited = true;
                    break;
                case AuditEvent:
                    throw new InvalidOperationException("Audit events are never changed or deleted.");
                case AuditChainHead:
                // Data-protection keys are written by the framework when it rotates them; they hold
                // no user data and are not part of the record.
                case DataProtectionKey:
                    break;
                default:
                    changesData = true;
                    break;
            }
        }

        if (changesData && !audited)
        {
            throw new InvalidOperationException(
                "A change was saved without an audit event. Save changes through AuditTrail.SaveChangesAsync.");
        }
    }

    private sealed class UtcTicksConverter : ValueConverter<DateTimeOffset, long>
    {
        public UtcTicksConverter()
            : base(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero))
        {
        }
    }
}
