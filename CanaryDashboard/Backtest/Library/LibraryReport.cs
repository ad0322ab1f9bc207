using System.Globalization;
using System.Text;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// One class of the scenario library replayed: how many runs, how many aborted (caught for a
/// regression, false aborts for a healthy class), how many were still holding when the recording
/// ended, the median time to detect, the highest weight a regressed canary reached (the highest over
/// the class's runs), and for healthy runs the median and slowest time to full weight (or, when a run
/// did not get there, the last rung it stood on).
/// </summary>
public sealed record LibraryClassResult(
    string Name,
    string Description,
    RunTruth Truth,
    int Runs,
    int Aborted,
    int FullWeight,
    int Holding,
    TimeSpan? MedianTimeToDetect,
    int HighestWeight,
    int LowestLastWeight,
    TimeSpan? MedianTimeToFullWeight,
    TimeSpan? SlowestTimeToFullWeight,
    IReadOnlyList<TimeSpan> TimesToFullWeight);

/// <summary>The per-class table of a backtest over the scenario library (runs grouped by their spec's name).</summary>
public static class LibraryReport
{
    public static IReadOnlyList<LibraryClassResult> ByClass(BacktestSide side)
    {
        ArgumentNullException.ThrowIfNull(side);
        return side.Replays
            .GroupBy(r => ClassOf(r.Run))
            .Select(g =>
            {
                var runs = g.ToList();
                var detect = runs.Where(r => r.AbortAfter is not null).Select(r => r.AbortAfter!.Value.TotalSeconds).ToList();
                var full = runs.Where(r => r.FullWeightAfter is not null).Select(r => r.FullWeightAfter!.Value.TotalSeconds).ToList();
                return new LibraryClassResult(g.Key, runs[0].Run.Description ?? g.Key, runs[0].Run.Truth, runs.Count,
                    runs.Count(r => r.WouldAbort), runs.Count(r => r.End == ReplayEnd.FullWeight), runs.Count(r => r.End == ReplayEnd.RecordingEnded),
                    BacktestSummary.Median(detect), runs.Max(r => r.HighestWeight), runs.Min(r => r.HighestWeight),
                    BacktestSummary.Median(full), full.Count == 0 ? null : TimeSpan.FromSeconds(full.Max()),
                    [.. full.Order().Select(TimeSpan.FromSeconds)]);
            })
            .ToList();
    }

    /// <summary>The spec's name: the run's rollout name without its number ("p99+35%-2" → "p99+35%").</summary>
    public static string ClassOf(RecordedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var name = run.Rollout.Name;
        var dash = name.LastIndexOf('-');
        return dash > 0 && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? name[..dash] : name;
    }

    /// <summary>The table in Markdown, as the Backtest README shows it.</summary>
    public static string Markdown(IReadOnlyList<LibraryClassResult> classes)
    {
        var b = new StringBuilder();
        b.AppendLine("| class | runs | caught / false aborts | held at the end | median time to detect | highest weight (regressed) | full weight | time to full weight, each run (healthy) |");
        b.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in classes)
        {
            var regression = c.Truth == RunTruth.Regression;
            var aborted = regression ? $"caught {c.Aborted}/{c.Runs}" : $"false aborts {c.Aborted}/{c.Runs}";
            var weight = regression ? $"{c.HighestWeight} %" : "";
            var times = string.Join(", ", c.TimesToFullWeight.Select(t => Span(t)));
            var full = regression ? "" : c.FullWeight == c.Runs
                ? times
                : (times.Length > 0 ? times + "; the others " : "") + $"held at {c.LowestLastWeight} % or above when the recording ended";
            b.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Description} | {c.Runs} | {aborted} | {c.Holding} | {Span(c.MedianTimeToDetect)} | {weight} | {c.FullWeight}/{c.Runs} | {full} |");
        }
        return b.ToString();
    }

    /// <summary>"–" for none, "48 s", "12.5 min".</summary>
    public static string Span(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalSeconds: < 120 } s => s.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        { } s => s.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min",
    };
}
