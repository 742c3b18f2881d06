using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Policy.Triage;

namespace Signpost.Core.Data.Configurations;

public sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Network).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.PlatformId).HasMaxLength(300).IsRequired();
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Text).HasMaxLength(20_000).IsRequired();
        builder.Property(m => m.InReplyToPlatformId).HasMaxLength(300);
        builder.Property(m => m.RootPlatformId).HasMaxLength(300);
        builder.Property(m => m.ConversationId).HasMaxLength(300);
        builder.Property(m => m.Url).HasMaxLength(1000);
        builder.Property(m => m.Priority).HasConversion<int>();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.RedactedCategories).HasMaxLength(500);
        builder.Property(m => m.Version).IsConcurrencyToken();

        // Stored once per channel and platform id, however often it arrives.
        builder.HasIndex(m => new { m.ChannelId, m.PlatformId }).IsUnique();

        // The inbox list: newest first within an organisation, keyset paging on (ReceivedAt, Id).
        builder.HasIndex(m => new { m.OrganisationId, m.ReceivedAt, m.Id });
        builder.HasIndex(m => new { m.OrganisationId, m.Status, m.ReceivedAt });
        builder.HasIndex(m => new { m.OrganisationId, m.AssigneeUserId, m.ReceivedAt });

        // "Most urgent first" (Priority, ReceivedAt desc, Id desc) without sorting every open message, and the
        // waiting and due-soon clock filters (a range of due times) without reading them all: docs/benchmarks.md.
        builder.HasIndex(m => new { m.OrganisationId, m.Priority, m.ReceivedAt, m.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(m => new { m.OrganisationId, m.ResponseDueAt });
        // The label filter: one partial index per label, holding only the messages that carry it, so that a
        // rare label (safeguarding, immediate danger) is found without reading every newer message. The list
        // writes the label's bit as a constant so that the planner can match the index (docs/benchmarks.md).
        foreach (var label in Enum.GetValues<TriageLabel>())
        {
            builder.HasIndex(m => new { m.OrganisationId, m.ReceivedAt, m.Id }, $"IX_InboxMessages_Label_{label}")
                .HasFilter(LabelFilterSql(label));
        }

        builder.HasIndex(m => new { m.ChannelId, m.RootPlatformId });
        builder.HasIndex(m => m.AuthorId);
        builder.HasIndex(m => m.ProcessedAt);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Channel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PublicAuthor>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.AssigneeUserId).OnDelete(DeleteBehavior.SetNull);
    }

    /// <summary>The partial index predicate for a label, written exactly as the list's filter is translated.</summary>
    internal static string LabelFilterSql(TriageLabel label) =>
        string.Create(CultureInfo.InvariantCulture, $"(\"LabelBits\" & {InboxLabels.Bit(label)}) <> 0");
}

public sealed class PublicAuthorConfiguration : IEntityTypeConfiguration<PublicAuthor>
{
    public void Configure(EntityTypeBuilder<PublicAuthor> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Network).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.PlatformId).HasMaxLength(300).IsRequired();
        builder.Property(a => a.Handle).HasMaxLength(300).IsRequired();
        builder.Property(a => a.DisplayName).HasMaxLength(300);
        builder.Property(a => a.BlockReference).HasMaxLength(500);
        builder.HasIndex(a => new { a.ChannelId, a.PlatformId }).IsUnique();
        builder.HasIndex(a => new { a.OrganisationId, a.Strikes });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Channel>().WithMany().HasForeignKey(a => a.ChannelId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class InboxNoteConfiguration : IEntityTypeConfiguration<InboxNote>
{
    public void Configure(EntityTypeBuilder<InboxNote> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.AuthorName).HasMaxLength(200).IsRequired();
        builder.Property(n => n.Text).HasMaxLength(5000).IsRequired();
        builder.HasIndex(n => new { n.MessageId, n.CreatedAt });
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(n => n.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InboxReplyConfiguration : IEntityTypeConfiguration<InboxReply>
{
    public void Configure(EntityTypeBuilder<InboxReply> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.AuthorName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Text).HasMaxLength(10_000).IsRequired();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.PlatformId).HasMaxLength(300);
        builder.Property(r => r.Url).HasMaxLength(1000);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => new { r.MessageId, r.CreatedAt });
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SavedReply>().WithMany().HasForeignKey(r => r.SavedReplyId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Title).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Text).HasMaxLength(5000).IsRequired();
        builder.HasIndex(r => new { r.OrganisationId, r.Title });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DepartmentHandOffConfiguration : IEntityTypeConfiguration<DepartmentHandOff>
{
    public void Configure(EntityTypeBuilder<DepartmentHandOff> builder)
    {
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Department).HasMaxLength(200).IsRequired();
        builder.Property(h => h.Email).HasMaxLength(320).IsRequired();
        builder.Property(h => h.Question).HasMaxLength(5000).IsRequired();
        builder.Property(h => h.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(h => h.SentByName).HasMaxLength(200).IsRequired();
        builder.Property(h => h.Answer).HasMaxLength(10_000);
        builder.Property(h => h.AnsweredBy).HasMaxLength(200);
        builder.HasIndex(h => h.TokenHash).IsUnique();
        builder.HasIndex(h => new { h.MessageId, h.SentAt });
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(h => h.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ModerationRecordConfiguration : IEntityTypeConfiguration<ModerationRecord>
{
    public void Configure(EntityTypeBuilder<ModerationRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ReasonCode).HasMaxLength(50).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(2000);
        builder.Property(r => r.ActorName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.PlatformReference).HasMaxLength(500);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => new { r.MessageId, r.CreatedAt });
        builder.HasIndex(r => new { r.AuthorId, r.CreatedAt });
        builder.HasIndex(r => new { r.OrganisationId, r.CreatedAt });
        builder.HasOne<PublicAuthor>().WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AuthorStrikeConfiguration : IEntityTypeConfiguration<AuthorStrike>
{
    public void Configure(EntityTypeBuilder<AuthorStrike> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ReasonCode).HasMaxLength(50).IsRequired();
        builder.Property(s => s.ActorName).HasMaxLength(200).IsRequired();
        builder.HasIndex(s => new { s.AuthorId, s.CreatedAt });

        // One strike per message: hiding then deleting the same message does not count twice.
        builder.HasIndex(s => new { s.AuthorId, s.MessageId }).IsUnique();
        builder.HasOne<PublicAuthor>().WithMany().HasForeignKey(s => s.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SafeguardingReferralConfiguration : IEntityTypeConfiguration<SafeguardingReferral>
{
    public void Configure(EntityTypeBuilder<SafeguardingReferral> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Concern).HasMaxLength(5000).IsRequired();
        builder.Property(r => r.WhoIsAtRisk).HasMaxLength(2000).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.EvidenceJson).IsRequired();
        builder.Property(r => r.ReferredByName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Outcome).HasMaxLength(5000);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.OrganisationId, r.Status, r.CreatedAt });
        builder.HasIndex(r => r.MessageId);
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OnCallShiftConfiguration : IEntityTypeConfiguration<OnCallShift>
{
    public void Configure(EntityTypeBuilder<OnCallShift> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.OrganisationId, s.StartsAt, s.EndsAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DutyPageConfiguration : IEntityTypeConfiguration<DutyPage>
{
    public void Configure(EntityTypeBuilder<DutyPage> builder)
    {
        builder.HasKey(p => p.Id);

        // One page per message and level, however many nodes process the message.
        builder.HasIndex(p => new { p.MessageId, p.Level }).IsUnique();
        builder.HasIndex(p => new { p.OrganisationId, p.AcknowledgedAt, p.AcknowledgeBy });
        builder.HasIndex(p => new { p.UserId, p.AcknowledgedAt });
        builder.HasOne<InboxMessage>().WithMany().HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OutboxSmsConfiguration : IEntityTypeConfiguration<OutboxSms>
{
    public void Configure(EntityTypeBuilder<OutboxSms> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.PhoneNumber).HasMaxLength(40).IsRequired();
        builder.Property(s => s.Body).HasMaxLength(918).IsRequired();
        builder.Property(s => s.Reference).HasMaxLength(200).IsRequired();
        builder.Property(s => s.NotifyId).HasMaxLength(100);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(s => new { s.SentAt, s.FailedAt, s.SendAfter });
    }
}

public sealed class InboxSettingsConfiguration : IEntityTypeConfiguration<InboxSettings>
{
    public void Configure(EntityTypeBuilder<InboxSettings> builder)
    {
        builder.HasKey(s => s.OrganisationId);
        builder.Property(s => s.AutoReplyText).HasMaxLength(1000).IsRequired();
        builder.Property(s => s.BlockedWords).HasMaxLength(20_000).IsRequired();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
