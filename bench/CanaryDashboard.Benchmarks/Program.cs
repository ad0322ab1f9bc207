using BenchmarkDotNet.Running;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*'
/// Quick history timings without BenchmarkDotNet: ... -- history-quick
/// The evidence tables of the engine's README: ... -- evidence-table [runs]
/// The scenario library's per-class table (Backtest README): ... -- scenario-library [seed]
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
        if (args is ["evidence-table", ..])
        {
            EvidenceTable.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400);
            return;
        }
        if (args is ["scenario-library", ..])
        {
            ScenarioLibraryTable.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 42);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
