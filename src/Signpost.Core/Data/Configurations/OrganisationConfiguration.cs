using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Signpost.Core.Features.Organisations;

namespace Signpost.Core.Data.Configurations;

public sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Slug).HasMaxLength(64).IsRequired();
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.Property(o => o.Name).HasMaxLength(200).IsRequired();
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        builder.PrimitiveCollection(o => o.ShortNames);
        builder.Property(o => o.SettingsJson).IsRequired();
        builder.Property(o => o.HouseRules).IsRequired();
        builder.HasMany(o => o.Teams).WithOne().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(120).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(1000);
        builder.Property(t => t.Email).HasMaxLength(254);
        builder.HasIndex(t => new { t.OrganisationId, t.Name }).IsUnique();
    }
}
