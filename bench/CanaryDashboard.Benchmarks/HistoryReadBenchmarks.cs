using BenchmarkDotNet.Attributes;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// Reading 24 h of one rollout's samples (5 s interval: 17,280 raw samples) from a file holding
/// 24 h of 100 rollouts (1,728,000 samples), through the same query the API uses: in one page,
/// and in pages of 1,000 as the charts would. The file is built once under TMPDIR and reused.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class HistoryReadBenchmarks
{
    public const int Rollouts = 100;
    public const int SamplesPerRollout = 17_280;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private HistoryQueries _queries = null!;
    private readonly RolloutKey _rollout = new("bench", "rollout-0042");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var database = await HistoryBenchmarkDatabase.OpenAsync("read-24h", fresh: false);
        await using (var db = database.CreateDbContext())
        {
            if (await db.Samples.CountAsync() != Rollouts * SamplesPerRollout)
            {
                await db.DisposeAsync();
                database = await HistoryBenchmarkDatabase.OpenAsync("read-24h", fresh: true);
                var store = new HistoryBatchStore(database);
                for (var cycle = 0; cycle < SamplesPerRollout; cycle += 20)
                    await store.WriteAsync(Enumerable.Range(cycle, 20).Select(c => HistoryBenchmarkDatabase.Cycle(Rollouts, Start.AddSeconds(5 * c))).ToArray(), CancellationToken.None);
            }
        }
        _queries = new HistoryQueries(database);
        var check = await Read24hOnePage();
        if (check != SamplesPerRollout)
            throw new InvalidOperationException($"expected {SamplesPerRollout} samples, read {check}");
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Read24hOnePage()
    {
        var page = await _queries.GetSamplesAsync(_rollout, Start, Start.AddHours(24), HistoryQueries.MaxLimit, null, CancellationToken.None);
        return page!.Items.Count;
    }

    [Benchmark]
    public async Task<int> Read24hInPagesOf1000()
    {
        var total = 0;
        Cursor? cursor = null;
        do
        {
            var page = (await _queries.GetSamplesAsync(_rollout, Start, Start.AddHours(24), 1000, cursor, CancellationToken.None))!;
            total += page.Items.Count;
            cursor = page.NextCursor is { } next && Cursor.TryParse(next, out var c) ? c : null;
        }
        while (cursor is not null);
        return total;
    }
}
