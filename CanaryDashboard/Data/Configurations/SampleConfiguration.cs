using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class SampleConfiguration : IEntityTypeConfiguration<SampleRow>
{
    public void Configure(EntityTypeBuilder<SampleRow> b)
    {
        b.ToTable("Samples");
        // "One rollout's samples between from and to", and the pruner's per-rollout "older than".
        b.HasIndex(s => new { s.RolloutId, s.At });
        b.Property(s => s.ParameterSource).HasMaxLength(RecordedOrigin.MaxSourceLength);
        b.Property(s => s.ProfileName).HasMaxLength(ThresholdProfileStore.MaxNameLength);
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(s => s.RolloutId).OnDelete(DeleteBehavior.Cascade);
        b.ComplexProperty(s => s.Values, v =>
        {
            // Plain column names for raw samples (no "Values_" prefix).
            foreach (var field in SampleValues.FieldNames)
                v.Property(field).HasColumnName(field);
        });
        b.ComplexProperty(s => s.Evidence, e =>
        {
            foreach (var field in SampleEvidence.FieldNames)
                e.Property(field).HasColumnName(SampleEvidence.ColumnOf(field));
        });
    }
}
