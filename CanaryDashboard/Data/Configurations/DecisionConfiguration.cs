using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<DecisionRow>
{
    public void Configure(EntityTypeBuilder<DecisionRow> b)
    {
        b.ToTable("Decisions");
        // "Latest decisions of one rollout": scanned backwards from the newest.
        b.HasIndex(d => new { d.RolloutId, d.At, d.Id });
        b.Property(d => d.ParameterSource).HasMaxLength(RecordedOrigin.MaxSourceLength);
        b.Property(d => d.ProfileName).HasMaxLength(ThresholdProfileStore.MaxNameLength);
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(d => d.RolloutId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Policy).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Verdict).HasConversion<string>().HasMaxLength(24);
        b.Property(d => d.Action).HasConversion<string>().HasMaxLength(16);
    }
}
