using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Backtest;

/// <summary>Engine parameters, evidence parameters and policy: one side of a backtest (current or candidate).</summary>
public sealed record BacktestSettings(EngineParameters Engine, ReplayPolicySettings Policy)
{
    public static BacktestSettings Default { get; } = new(EngineParameters.Default, ReplayPolicySettings.Default);

    /// <summary>How much evidence a decision needs (the thresholds and minimum count are the engine's).</summary>
    public EvidenceParameters Evidence { get; init; } = EvidenceParameters.Default;

    public IReadOnlyList<ParameterProblem> Validate() => [.. Engine.Validate(), .. Evidence.Validate(), .. Policy.Validate()];
}

/// <summary>Every run replayed with one set of settings, and the summary of them.</summary>
public sealed record BacktestSide(BacktestSettings Settings, IReadOnlyList<RunReplay> Replays, BacktestSummary Summary);

/// <summary>Current and candidate settings side by side over the same runs.</summary>
public sealed record BacktestComparison(BacktestSide Current, BacktestSide Candidate);

/// <summary>Replays recorded runs with current and candidate settings (pure; the runs come from the caller).</summary>
public static class Backtester
{
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public static BacktestSide Run(IReadOnlyList<RecordedRun> runs, BacktestSettings settings, IReplayPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("cannot run the backtest: " + string.Join("; ", problems));
        policy ??= LadderReplayPolicy.Instance;
        var ladder = settings.Policy.Ladder.ToArray();
        var replays = new RunReplay[runs.Count];
        for (var i = 0; i < replays.Length; i++)
            replays[i] = RunReplayer.Replay(runs[i], settings, policy, ladder);
        return new BacktestSide(settings, replays, BacktestSummary.Of(replays));
    }

    public static BacktestComparison Compare(IReadOnlyList<RecordedRun> runs, BacktestSettings current, BacktestSettings candidate, IReplayPolicy? policy = null) =>
        new(Run(runs, current, policy), Run(runs, candidate, policy));
}
