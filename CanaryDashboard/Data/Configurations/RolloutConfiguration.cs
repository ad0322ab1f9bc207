using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<RolloutRow>
{
    public void Configure(EntityTypeBuilder<RolloutRow> b)
    {
        b.ToTable("Rollouts");
        b.Property(r => r.Namespace).HasMaxLength(253);
        b.Property(r => r.Name).HasMaxLength(253);
        b.HasIndex(r => new { r.Namespace, r.Name }).IsUnique();
        b.Property(r => r.Policy).HasConversion<string>().HasMaxLength(16);
        b.HasOne(r => r.ThresholdProfile).WithMany().HasForeignKey(r => r.ThresholdProfileId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(r => r.Key);
    }
}
