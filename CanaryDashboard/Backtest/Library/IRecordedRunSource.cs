namespace CanaryDashboard.Backtest.Library;

/// <summary>Where the studio gets recorded runs to replay.</summary>
public interface IRecordedRunSource
{
    /// <summary>Why there are no runs to replay (no storage, not simulated); null when there are.</summary>
    string? Unavailable { get; }

    /// <summary>Where the runs come from, in words, for the page.</summary>
    string Description { get; }

    ValueTask<IReadOnlyList<RecordedRun>> GetRunsAsync(CancellationToken cancellationToken);
}
