using BenchmarkDotNet.Running;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*'
/// (a named class, not top-level statements: the app's public <c>Program</c> would clash with ours).
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
