using BenchmarkDotNet.Running;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*'
/// Quick history timings without BenchmarkDotNet: ... -- history-quick
/// (a named class, not top-level statements: the app's public <c>Program</c> would clash with ours).
/// </summary>
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        if (args is ["history-quick"])
        {
            await HistoryQuickTiming.RunAsync();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
