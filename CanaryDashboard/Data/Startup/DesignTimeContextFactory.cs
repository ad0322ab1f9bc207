using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CanaryDashboard.Data.Startup;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app (no file is opened):
/// <c>dotnet ef migrations add Name --project CanaryDashboard --output-dir Data/Migrations</c>.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<CanaryDbContext>
{
    public CanaryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CanaryDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
