using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Signpost.Core.Audit;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.ContentRequests;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Sandbox;
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
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<MediaItem> MediaItems => Set<MediaItem>();
    public DbSet<MediaContent> MediaContents => Set<MediaContent>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Publication> Publications => Set<Publication>();
    public DbSet<PostMedia> PostMediaLinks => Set<PostMedia>();
    public DbSet<PostApproval> PostApprovals => Set<PostApproval>();
    public DbSet<FindingOverride> FindingOverrides => Set<FindingOverride>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<AwarenessDay> AwarenessDays => Set<AwarenessDay>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<ContentRequest> ContentRequests => Set<ContentRequest>();
    public DbSet<ContentRequestMedia> ContentRequestMediaLinks => Set<ContentRequestMedia>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<SandboxAccount> SandboxAccounts => Set<SandboxAccount>();
    public DbSet<SandboxPost> SandboxPosts => Set<SandboxPost>();
    public DbSet<SandboxMedia> SandboxMediaFiles => Set<SandboxMedia>();
    public DbSet<SandboxBlock> SandboxBlocks => Set<SandboxBlock>();
    public DbSet<SandboxReport> SandboxReports => Set<SandboxReport>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<PublicAuthor> PublicAuthors => Set<PublicAuthor>();
    public DbSet<InboxNote> InboxNotes => Set<InboxNote>();
    public DbSet<InboxReply> InboxReplies => Set<InboxReply>();
    public DbSet<SavedReply> SavedReplies => Set<SavedReply>();
    public DbSet<DepartmentHandOff> DepartmentHandOffs => Set<DepartmentHandOff>();
    public DbSet<ModerationRecord> ModerationRecords => Set<ModerationRecord>();
    public DbSet<AuthorStrike> AuthorStrikes => Set<AuthorStrike>();
    public DbSet<SafeguardingReferral> SafeguardingReferrals => Set<SafeguardingReferral>();
    public DbSet<OnCallShift> OnCallShifts => Set<OnCallShift>();
    public DbSet<DutyPage> DutyPages => Set<DutyPage>();
    public DbSet<OutboxSms> OutboxTextMessages => Set<OutboxSms>();
    public DbSet<InboxSettings> InboxSettings => Set<InboxSettings>();

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
        builder.Entity<Channel>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<MediaItem>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<Post>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<Publication>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<Campaign>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<AwarenessDay>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<CalendarFeed>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<ContentRequest>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<InboxMessage>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<PublicAuthor>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<InboxNote>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<InboxReply>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<SavedReply>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<DepartmentHandOff>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<ModerationRecord>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<AuthorStrike>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<SafeguardingReferral>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<OnCallShift>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<DutyPage>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);
        builder.Entity<InboxSettings>().HasQueryFilter(e => ScopeUnrestricted || e.OrganisationId == ScopeOrganisationId);

        // A person's notifications are their own, in the organisation in scope.
        builder.Entity<Notification>().HasQueryFilter(e => ScopeUnrestricted || (e.OrganisationId == ScopeOrganisationId && e.UserId == ScopeUserId));

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
                // The Sandbox network is a simulated platform: its rows are the platform's, not Signpost's record.
                case SandboxAccount:
                case SandboxPost:
                case SandboxMedia:
                case SandboxBlock:
                case SandboxReport:
                // Sending an email that was queued (and audited) with its change is delivery, not a change.
                case OutboxEmail when entry.State is EntityState.Modified:
                case OutboxSms when entry.State is EntityState.Modified:
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
