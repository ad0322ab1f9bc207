using System.Diagnostics;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// A plain timed run of the two history benchmarks (no BenchmarkDotNet statistics, seconds instead
/// of minutes): <c>dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- history-quick</c>.
/// </summary>
internal static class HistoryQuickTiming
{
    public static async Task RunAsync()
    {
        foreach (var samples in new[] { 100, 2000 })
        {
            var ingest = new HistoryIngestBenchmarks { Samples = samples };
            await ingest.SetupAsync();
            var times = new List<double>();
            for (var i = 0; i < 12; i++)
            {
                ingest.NextCycles();
                var watch = Stopwatch.StartNew();
                await ingest.WriteOneTransaction();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var median = Median(times.Skip(2));
            Console.WriteLine($"ingest {samples,5} samples/transaction: median {median,8:F2} ms → {samples / median * 1000,9:N0} samples/s");
        }

        var read = new HistoryReadBenchmarks();
        await read.SetupAsync();
        var one = new List<double>();
        var paged = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            await read.Read24hOnePage();
            one.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await read.Read24hInPagesOf1000();
            paged.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"read 24 h of one rollout ({HistoryReadBenchmarks.SamplesPerRollout:N0} samples among {HistoryReadBenchmarks.Rollouts} rollouts): " +
                          $"one page median {Median(one.Skip(2)):F1} ms, pages of 1,000 median {Median(paged.Skip(2)):F1} ms");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
