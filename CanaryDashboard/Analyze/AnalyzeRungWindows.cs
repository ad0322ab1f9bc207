using System.Collections.Concurrent;
using CanaryDashboard.Model;

namespace CanaryDashboard.Analyze;

/// <summary>
/// Where <c>/analyze</c>'s own evidence window starts when the control loop has no recent look to
/// share (polling off, or a rollout it does not watch). The window must start at a fixed instant and
/// grow with every call (the evidence is valid over a growing sample, not a sliding one):
/// <list type="bullet">
/// <item>the rung's pause start when the cluster shows one (Argo's <c>CanaryPauseStep</c> start: the rung's
/// entry, as the loop takes it);</item>
/// <item>otherwise one rate window before <c>/analyze</c> was first asked about this revision, so the first
/// answer already weighs what Prometheus holds, and later ones add to it.</item>
/// </list>
/// Entries not asked about for an hour are dropped.
/// </summary>
public sealed class AnalyzeRungWindows(TimeProvider time)
{
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<(RolloutKey Rollout, string? Revision), (DateTimeOffset Start, DateTimeOffset LastAsked)> _windows = new();

    public DateTimeOffset WindowStart(RolloutKey rollout, string? revision, DateTimeOffset? rungStartedAt, TimeSpan lookBack)
    {
        var now = time.GetUtcNow();
        if (rungStartedAt is { } started && started <= now)
            return started;
        var start = _windows.AddOrUpdate((rollout, revision),
            _ => (now - lookBack, now),
            (_, known) => (known.Start, now)).Start;
        if (_windows.Count > 64)
        {
            foreach (var (key, entry) in _windows)
            {
                if (now - entry.LastAsked > Idle)
                    _windows.TryRemove(key, out _);
            }
        }
        return start;
    }
}
