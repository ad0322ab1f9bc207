using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// The runs a fresh install replays: in Simulated mode, the library recorded from the simulated
/// workload (<see cref="LibraryRunSpec.Default"/>) with the configured engine parameters and the
/// default policy, made once on first use and kept in memory. Outside Simulated mode there are no
/// runs until the run storage provides them.
/// </summary>
// Seam: once the run storage (Data/) is merged, the library is written into SQLite at first start
// and this source reads the stored runs and their samples instead.
public sealed class SimulatedRunLibrary : IRecordedRunSource
{
    private readonly Lazy<IReadOnlyList<RecordedRun>> _runs;

    public SimulatedRunLibrary(IOptions<CanaryDashboardOptions> options)
    {
        var o = options.Value;
        Simulated = o.Cluster.Mode == ClusterMode.Simulated;
        var recording = new BacktestSettings(o.Engine, ReplayPolicySettings.Default);
        _runs = new(() => Simulated ? new RunRecorder(o.Simulation.Seed, recording).RecordAll(LibraryRunSpec.Default) : []);
    }

    public bool Simulated { get; }

    public string? Unavailable => Simulated ? null : "No recorded runs: no run storage is connected outside Simulated mode yet.";

    public string Description => "the simulated library: healthy, noisy and regressed runs recorded from the simulated workload (one poll a minute)";

    public ValueTask<IReadOnlyList<RecordedRun>> GetRunsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_runs.Value);
}
