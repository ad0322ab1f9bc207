using BenchmarkDotNet.Attributes;
using CanaryDashboard.Data.Writing;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// SQLite ingest through the writer's transaction (HistoryBatchStore: rollout upsert, prepared
/// sample inserts, run tracking, commit), on a real WAL file. One operation = one transaction of
/// <see cref="Samples"/> samples (100 rollouts per poll cycle); samples per second = Samples / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class HistoryIngestBenchmarks
{
    private HistoryBenchmarkDatabase _database = null!;
    private HistoryBatchStore _store = null!;
    private HistoryBatch[] _cycles = [];
    private DateTimeOffset _at = DateTimeOffset.UnixEpoch.AddYears(56);

    /// <summary>Samples per transaction: one cycle of 100 rollouts, or the writer's default batch size (2,000).</summary>
    [Params(100, 2000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await HistoryBenchmarkDatabase.OpenAsync("ingest", fresh: true);
        _store = new HistoryBatchStore(_database);
    }

    [IterationSetup]
    public void NextCycles()
    {
        _at = _at.AddMinutes(10);
        _cycles = Enumerable.Range(0, Samples / 100).Select(i => HistoryBenchmarkDatabase.Cycle(100, _at.AddSeconds(5 * i))).ToArray();
    }

    [Benchmark]
    public Task WriteOneTransaction() => _store.WriteAsync(_cycles, CancellationToken.None);
}
