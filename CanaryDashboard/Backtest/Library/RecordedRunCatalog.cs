using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// The runs the studio replays: the runs recorded in the run storage (newest first) and, in
/// Simulated mode, the scenario library (<see cref="LibraryRunSpec.Default"/>: 44 labelled runs
/// generated in a closed loop with the configured engine parameters and the default policy, a poll
/// every 2 s), made once on first use and kept in memory.
/// The library stays out of SQLite on purpose: its runs are dated in the past, and the raw-sample
/// retention would fold their samples into minute aggregates (nothing left to replay); in memory
/// they also keep their labels, which the runs table has no column for.
/// </summary>
public sealed class RecordedRunCatalog : IRecordedRunSource
{
    private readonly Lazy<IReadOnlyList<RecordedRun>> _runs;
    private readonly StoredRunReader? _stored;

    public RecordedRunCatalog(IOptions<CanaryDashboardOptions> options, StoredRunReader? stored = null)
    {
        _stored = stored;
        var o = options.Value;
        Simulated = o.Cluster.Mode == ClusterMode.Simulated;
        var recording = new BacktestSettings(o.Engine, ReplayPolicySettings.Default);
        _runs = new(() => Simulated ? new RunRecorder(o.Simulation.Seed, recording).RecordAll(LibraryRunSpec.Default) : []);
    }

    public bool Simulated { get; }

    public string? Unavailable => Simulated || _stored is not null ? null : "No recorded runs: no run storage is connected.";

    public string Description => Simulated
        ? "the run storage and the scenario library (healthy, noisy and regressed runs with their counts, generated in a closed loop, a poll every 2 s)"
        : "the run storage";

    public async ValueTask<IReadOnlyList<RecordedRun>> GetRunsAsync(CancellationToken cancellationToken)
    {
        var stored = _stored is null ? [] : await _stored.ReadAsync(cancellationToken);
        return [.. stored, .. _runs.Value];
    }
}
