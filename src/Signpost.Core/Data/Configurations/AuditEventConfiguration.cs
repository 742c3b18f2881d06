using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Signpost.Core.Audit;

namespace Signpost.Core.Data.Configurations;

public sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.ChainId, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.OrganisationId, e.OccurredAt });
        builder.Property(e => e.Code).HasConversion<int>();
        builder.Property(e => e.ActorName).HasMaxLength(200).IsRequired();
        builder.Property(e => e.SubjectType).HasMaxLength(100);
        builder.Property(e => e.SubjectId).HasMaxLength(100);
        builder.Property(e => e.Summary).HasMaxLength(1000).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
    }
}

public sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.HasKey(h => h.ChainId);
        // Guid.Empty is a real key here (the deployment-wide chain): never let EF replace it.
        builder.Property(h => h.ChainId).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsRequired();
    }
}
