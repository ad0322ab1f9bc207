using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class RolloutRunConfiguration : IEntityTypeConfiguration<RolloutRunRow>
{
    public void Configure(EntityTypeBuilder<RolloutRunRow> b)
    {
        b.ToTable("RolloutRuns");
        b.HasIndex(r => new { r.RolloutId, r.StartedAt });
        b.HasIndex(r => new { r.StartedAt, r.Id });
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(r => r.RolloutId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Revision).HasMaxLength(64);
        b.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
    }
}
