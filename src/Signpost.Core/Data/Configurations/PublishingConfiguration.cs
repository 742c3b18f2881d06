using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.ContentRequests;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Users;

namespace Signpost.Core.Data.Configurations;

public sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Network).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Name).HasMaxLength(120).IsRequired();
        builder.Property(c => c.Handle).HasMaxLength(200).IsRequired();
        builder.Property(c => c.AccountId).HasMaxLength(300).IsRequired();
        builder.Property(c => c.ServiceUrl).HasMaxLength(500);
        builder.Property(c => c.AccountKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Purpose).HasMaxLength(2000);
        builder.Property(c => c.Objectives).HasMaxLength(2000);
        builder.Property(c => c.MonitoringHours).HasMaxLength(200);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.StatusReason).HasMaxLength(1000);
        builder.Property(c => c.InboxCursor).HasMaxLength(1000);
        builder.Property(c => c.InboxError).HasMaxLength(2000);
        builder.HasIndex(c => new { c.OrganisationId, c.Network, c.AccountId }).IsUnique();
        builder.HasIndex(c => c.CredentialExpiresAt);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.OwningTeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.FileName).HasMaxLength(255).IsRequired();
        builder.Property(m => m.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.AltText).HasMaxLength(2000);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(m => new { m.OrganisationId, m.CreatedAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MediaContent>().WithOne().HasForeignKey<MediaContent>(c => c.MediaItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MediaContentConfiguration : IEntityTypeConfiguration<MediaContent>
{
    public void Configure(EntityTypeBuilder<MediaContent> builder)
    {
        builder.HasKey(c => c.MediaItemId);
        builder.Property(c => c.Bytes).IsRequired();
    }
}

public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.AuthorName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Title).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Text).HasMaxLength(10_000).IsRequired();
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ChangesRequestedReason).HasMaxLength(2000);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.OrganisationId, p.State });
        builder.HasIndex(p => new { p.OrganisationId, p.ScheduledFor });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(p => p.Publications).WithOne().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Media).WithOne().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Approvals).WithOne().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Overrides).WithOne().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Text).HasMaxLength(10_000);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.LeaseOwner).HasMaxLength(200);
        builder.Property(p => p.PlatformPostId).HasMaxLength(500);
        builder.Property(p => p.PlatformUrl).HasMaxLength(1000);
        builder.Property(p => p.LastError).HasMaxLength(2000);
        builder.Property(p => p.LastErrorKind).HasMaxLength(40);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        builder.Ignore(p => p.IdempotencyKey);

        // One publication per post and channel: exactly once starts here.
        builder.HasIndex(p => new { p.PostId, p.ChannelId }).IsUnique();

        // The publisher's queue: what is pending and available, oldest first; and expired leases.
        builder.HasIndex(p => new { p.State, p.AvailableAt });
        builder.HasIndex(p => new { p.State, p.LeaseExpiresAt });
        builder.HasIndex(p => new { p.OrganisationId, p.ChannelId, p.DueAt });
        builder.HasOne<Channel>().WithMany().HasForeignKey(p => p.ChannelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PostMediaConfiguration : IEntityTypeConfiguration<PostMedia>
{
    public void Configure(EntityTypeBuilder<PostMedia> builder)
    {
        builder.HasKey(m => new { m.PostId, m.MediaItemId });
        builder.HasOne<MediaItem>().WithMany().HasForeignKey(m => m.MediaItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PostApprovalConfiguration : IEntityTypeConfiguration<PostApproval>
{
    public void Configure(EntityTypeBuilder<PostApproval> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ApproverName).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => new { a.PostId, a.ApproverUserId, a.PostVersion }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.ApproverUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class FindingOverrideConfiguration : IEntityTypeConfiguration<FindingOverride>
{
    public void Configure(EntityTypeBuilder<FindingOverride> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Code).HasMaxLength(60).IsRequired();
        builder.Property(o => o.Message).HasMaxLength(2000).IsRequired();
        builder.Property(o => o.Excerpt).HasMaxLength(500);
        builder.Property(o => o.Reason).HasMaxLength(2000).IsRequired();
        builder.Property(o => o.ApproverName).HasMaxLength(200).IsRequired();
        builder.HasIndex(o => o.PostId);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.ApproverUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(120).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.HasIndex(c => new { c.OrganisationId, c.Name }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AwarenessDayConfiguration : IEntityTypeConfiguration<AwarenessDay>
{
    public void Configure(EntityTypeBuilder<AwarenessDay> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Link).HasMaxLength(1000);
        builder.Property(a => a.Notes).HasMaxLength(2000);
        builder.HasIndex(a => new { a.OrganisationId, a.StartsOn });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.SecretHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(f => f.SecretHash).IsUnique();
        builder.HasIndex(f => new { f.OrganisationId, f.UserId });
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(f => f.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ContentRequestConfiguration : IEntityTypeConfiguration<ContentRequest>
{
    public void Configure(EntityTypeBuilder<ContentRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.RequesterName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.RequesterEmail).HasMaxLength(254).IsRequired();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Title).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Details).HasMaxLength(10_000).IsRequired();
        builder.Property(r => r.Why).HasMaxLength(4000).IsRequired();
        builder.Property(r => r.Audience).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.Links).HasMaxLength(4000);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.DeclineReason).HasMaxLength(2000);
        builder.Property(r => r.DecidedByName).HasMaxLength(200);
        builder.HasIndex(r => new { r.OrganisationId, r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.OrganisationId, r.RequesterUserId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.RequesterUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Media).WithOne().HasForeignKey(m => m.ContentRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContentRequestMediaConfiguration : IEntityTypeConfiguration<ContentRequestMedia>
{
    public void Configure(EntityTypeBuilder<ContentRequestMedia> builder)
    {
        builder.HasKey(m => new { m.ContentRequestId, m.MediaItemId });
        builder.HasOne<MediaItem>().WithMany().HasForeignKey(m => m.MediaItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasMaxLength(60).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(300).IsRequired();
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(500).IsRequired();
        builder.HasIndex(n => new { n.UserId, n.OrganisationId, n.ReadAt });
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.To).HasMaxLength(254).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        builder.Property(e => e.TextBody).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.Property(e => e.LeaseOwner).HasMaxLength(200);
        builder.HasIndex(e => new { e.SentAt, e.FailedAt, e.SendAfter });
    }
}

public sealed class SandboxAccountConfiguration : IEntityTypeConfiguration<SandboxAccount>
{
    public void Configure(EntityTypeBuilder<SandboxAccount> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Handle).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.Handle).IsUnique();
        builder.Property(a => a.DisplayName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Fault).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class SandboxPostConfiguration : IEntityTypeConfiguration<SandboxPost>
{
    public void Configure(EntityTypeBuilder<SandboxPost> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.IdempotencyKey).HasMaxLength(100);
        builder.Property(p => p.Text).IsRequired();
        builder.HasIndex(p => new { p.AccountId, p.IdempotencyKey }).IsUnique();
        builder.HasIndex(p => new { p.AccountId, p.CreatedAt });
        builder.HasIndex(p => p.Sequence);
        builder.HasIndex(p => new { p.RecipientAccountId, p.Sequence });
        builder.HasOne<SandboxAccount>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Media).WithOne().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SandboxMediaConfiguration : IEntityTypeConfiguration<SandboxMedia>
{
    public void Configure(EntityTypeBuilder<SandboxMedia> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.FileName).HasMaxLength(255).IsRequired();
        builder.Property(m => m.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(m => m.AltText).HasMaxLength(2000);
    }
}

public sealed class SandboxBlockConfiguration : IEntityTypeConfiguration<SandboxBlock>
{
    public void Configure(EntityTypeBuilder<SandboxBlock> builder)
    {
        builder.HasKey(b => b.Id);
        builder.HasIndex(b => new { b.AccountId, b.BlockedAccountId }).IsUnique();
        builder.HasOne<SandboxAccount>().WithMany().HasForeignKey(b => b.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SandboxReportConfiguration : IEntityTypeConfiguration<SandboxReport>
{
    public void Configure(EntityTypeBuilder<SandboxReport> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(2000).IsRequired();
        builder.HasIndex(r => r.SubjectAccountId);
        builder.HasOne<SandboxAccount>().WithMany().HasForeignKey(r => r.ReporterAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
