using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class MinuteAggregateConfiguration : IEntityTypeConfiguration<MinuteAggregateRow>
{
    public void Configure(EntityTypeBuilder<MinuteAggregateRow> b)
    {
        b.ToTable("MinuteAggregates");
        b.HasIndex(a => new { a.RolloutId, a.Minute }).IsUnique();
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(a => a.RolloutId).OnDelete(DeleteBehavior.Cascade);
        // Columns Min_CanaryP99, Avg_CanaryP99, Max_CanaryP99, …
        b.ComplexProperty(a => a.Min);
        b.ComplexProperty(a => a.Avg);
        b.ComplexProperty(a => a.Max);
    }
}
