using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class ThresholdProfileConfiguration : IEntityTypeConfiguration<ThresholdProfileRow>
{
    public void Configure(EntityTypeBuilder<ThresholdProfileRow> b)
    {
        b.ToTable("ThresholdProfiles");
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        // Two saves racing for the same version: one fails instead of both landing.
        b.HasIndex(p => new { p.Name, p.Version }).IsUnique();
    }
}
