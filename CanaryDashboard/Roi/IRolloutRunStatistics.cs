namespace CanaryDashboard.Roi;

/// <summary>
/// Statistics over recorded rollout runs, for the ROI page's measured mode. Implemented by the
/// run storage (SQLite); when none is registered the page says there are no recorded runs.
/// </summary>
public interface IRolloutRunStatistics
{
    /// <summary>Runs that started in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<RolloutRunStatistics> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
