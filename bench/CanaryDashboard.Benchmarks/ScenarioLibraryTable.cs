using System.Diagnostics;
using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// The per-class table of <c>CanaryDashboard/Backtest/README.md</c>: the scenario library recorded in
/// its closed loop with the default settings (ladder 1–75 then 100, a poll every 2 s, 60 s at a rung,
/// N = 3, M = 2, engine and evidence defaults) and replayed with them.
/// Run: <c>dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- scenario-library [seed]</c>.
/// </summary>
public static class ScenarioLibraryTable
{
    public static void Run(int seed)
    {
        var clock = Stopwatch.StartNew();
        var runs = new RunRecorder(seed, BacktestSettings.Default).RecordAll(LibraryRunSpec.Default);
        var recorded = clock.Elapsed;
        clock.Restart();
        var side = Backtester.Run(runs, BacktestSettings.Default);
        var replayed = clock.Elapsed;

        Console.WriteLine($"Scenario library, seed {seed}: {runs.Count} runs, {runs.Sum(r => r.Samples.Length):N0} polls " +
                          $"(recorded in {recorded.TotalSeconds:0.0} s, replayed in {replayed.TotalSeconds:0.0} s).");
        Console.WriteLine();
        Console.Write(LibraryReport.Markdown(LibraryReport.ByClass(side)));
        Console.WriteLine();
        var s = side.Summary;
        Console.WriteLine($"Summary: caught {s.CaughtRegressions}, missed {s.MissedRegressions}, false alarms {s.FalseAlarms}, " +
                          $"healthy passed {s.HealthyPassed}, not judged {s.NotJudged} (without counts {s.WithoutCounts}).");
    }
}
