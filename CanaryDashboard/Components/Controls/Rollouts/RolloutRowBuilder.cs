using CanaryDashboard.Engine;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>Merges the adapter's snapshots with the live store's states into overview rows (pure).</summary>
public static class RolloutRowBuilder
{
    /// <summary>A pause longer than this puts a rollout on top of the overview.</summary>
    public static readonly TimeSpan LongPause = TimeSpan.FromMinutes(10);

    /// <summary>Points of the sparkline.</summary>
    public const int SparklinePoints = 40;

    public static RolloutRow Build(RolloutSnapshot? snapshot, LiveRolloutState? live, IReadOnlyList<LiveSample> samples, DateTimeOffset now)
    {
        var key = snapshot?.Key ?? live?.Key ?? throw new ArgumentException("a row needs a snapshot or a live state");
        var summary = live?.Summary;
        var latest = live?.Latest;
        var status = snapshot?.Status ?? summary?.Status ?? "Unknown";
        var pausedSince = snapshot is null ? null : PausedSince(snapshot);
        var weights = new List<double>(Math.Min(samples.Count, SparklinePoints));
        for (var i = Math.Max(0, samples.Count - SparklinePoints); i < samples.Count; i++)
            weights.Add(samples[i].ActualWeight ?? 0);

        DateTimeOffset? activity = Max(latest?.At, pausedSince, live?.LastDecision?.At, snapshot?.CreatedAt);
        return new RolloutRow
        {
            Key = key,
            Status = status,
            Message = snapshot?.Message ?? summary?.Message ?? "",
            Step = snapshot?.Step ?? summary?.Step ?? "",
            ActualWeight = snapshot?.ActualWeightPercent ?? summary?.ActualWeight ?? latest?.ActualWeight,
            EngineWeight = latest is { Verdict: not Engine.Verdict.InsufficientData } ? latest.SafeWeight : null,   // no weight without trustworthy data
            Verdict = latest?.Verdict,
            LatencyDelta = latest?.LatencyDelta,
            ErrorDelta = latest?.ErrorDelta,
            WeightHistory = weights,
            LastSampleAt = latest?.At,
            PausedSince = pausedSince,
            LastActivity = activity,
            Attention = AttentionReason(status, latest?.Verdict, pausedSince, now),
        };
    }

    /// <summary>Every rollout either source knows, one row each.</summary>
    public static List<RolloutRow> BuildAll(IReadOnlyList<RolloutSnapshot> snapshots, LiveRolloutStore? store, DateTimeOffset now)
    {
        var rows = new List<RolloutRow>(snapshots.Count);
        var seen = new HashSet<Model.RolloutKey>();
        foreach (var snapshot in snapshots)
        {
            seen.Add(snapshot.Key);
            var live = store?.Get(snapshot.Key);
            rows.Add(Build(snapshot, live, live is null ? [] : store!.GetRecentSamples(snapshot.Key, SparklinePoints), now));
        }
        if (store is not null)
        {
            foreach (var live in store.All)
            {
                if (seen.Add(live.Key))
                    rows.Add(Build(null, live, store.GetRecentSamples(live.Key, SparklinePoints), now));
            }
        }
        return rows;
    }

    public static string? AttentionReason(string status, Verdict? verdict, DateTimeOffset? pausedSince, DateTimeOffset now)
    {
        if (verdict == Engine.Verdict.Breach) return "breach";
        if (status == "Degraded") return "degraded";
        if (pausedSince is { } since && now - since >= LongPause) return $"paused {Format.Age(now - since)}";
        if (verdict == Engine.Verdict.InsufficientData) return "insufficient data";
        return null;
    }

    private static DateTimeOffset? PausedSince(RolloutSnapshot snapshot)
    {
        DateTimeOffset? since = null;
        foreach (var condition in snapshot.PauseConditions)
        {
            if (condition.StartTime is { } t && (since is null || t < since))
                since = t;
        }
        return since;
    }

    private static DateTimeOffset? Max(params DateTimeOffset?[] times)
    {
        DateTimeOffset? max = null;
        foreach (var t in times)
        {
            if (t is { } v && (max is null || v > max))
                max = v;
        }
        return max;
    }
}
