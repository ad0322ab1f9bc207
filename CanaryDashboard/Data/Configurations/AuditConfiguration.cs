using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CanaryDashboard.Data.Configurations;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> b)
    {
        b.ToTable("AuditLog");
        b.HasIndex(a => new { a.RolloutId, a.At, a.Id });
        b.HasIndex(a => a.At);
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(a => a.RolloutId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.User).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.Outcome).HasMaxLength(32);
        b.Property(a => a.Subject).HasMaxLength(256);
        b.Property(a => a.Address).HasMaxLength(64);
    }
}
