using CanaryDashboard.Live;
using CanaryDashboard.Model;
using Prometheus;

namespace CanaryDashboard.Observability;

/// <summary>
/// The four per-rollout gauges of one rollout (the seed's recording rules, computed by the one
/// engine). A series exists only while its value is known: a rollout without a sample, or a
/// delta the engine could not compute, has no series rather than a made-up 0.
/// The label children are kept, so a publish sets values without looking labels up.
/// </summary>
internal sealed class RolloutGauges(DashboardMetrics metrics, RolloutKey key)
{
    private Gauge.Child? _safeWeight;
    private Gauge.Child? _latencyDelta;
    private Gauge.Child? _errorDelta;
    private Gauge.Child? _actualWeight;

    public void Set(LiveRolloutState state)
    {
        var sample = state.Latest;
        Set(metrics.SafeWeight, ref _safeWeight, sample?.SafeWeight);
        Set(metrics.LatencyDelta, ref _latencyDelta, sample?.LatencyDelta);
        Set(metrics.ErrorDelta, ref _errorDelta, sample?.ErrorDelta);
        Set(metrics.ActualWeight, ref _actualWeight, state.Summary?.ActualWeight ?? sample?.ActualWeight);
    }

    public void Remove()
    {
        Set(metrics.SafeWeight, ref _safeWeight, null);
        Set(metrics.LatencyDelta, ref _latencyDelta, null);
        Set(metrics.ErrorDelta, ref _errorDelta, null);
        Set(metrics.ActualWeight, ref _actualWeight, null);
    }

    private void Set(Gauge gauge, ref Gauge.Child? child, double? value)
    {
        if (value is { } v)
        {
            child ??= gauge.WithLabels(key.Namespace, key.Name);
            child.Set(v);
        }
        else if (child is not null)
        {
            child.Remove();
            child = null;
        }
    }
}
