using CanaryDashboard.Analyze;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Parameters;

/// <summary>
/// The one source of engine parameters: global (the <c>Engine</c> section) → the rollout's assigned
/// threshold profile version → the rollout's own overrides (a level kept in the design: stored
/// rollout settings hold no engine values today, so nothing overrides at that level yet).
/// Every reader asks here: the poller, <c>/analyze</c>, the detail page, the tuning studio and the
/// backtest's "current", the simulated analysis provider and <c>/metrics</c> (through the poller's samples).
/// <para>
/// The assignments are read in one query for all rollouts at most once per
/// <c>Polling:SettingsRefresh</c>, and again at once after a settings or profile save
/// (<see cref="SettingsChanges"/>). A failed read keeps the last good values (logged) and is retried
/// after the refresh interval: a database hiccup never fails a reader, nor makes it judge with
/// other thresholds than a moment ago.
/// </para>
/// </summary>
public sealed class ParameterResolver : IParameterResolver, IAnalyzeParameterSource, IDisposable
{
    private readonly IDbContextFactory<CanaryDbContext> _contexts;
    private readonly SettingsChanges? _changes;
    private readonly IOptionsMonitor<CanaryDashboardOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ParameterResolver> _logger;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly HashSet<RolloutKey> _reportedMissing = [];
    private volatile ProfileAssignments _assignments = ProfileAssignments.None;
    private int _generation;
    private EffectiveParameters? _global;

    public ParameterResolver(IDbContextFactory<CanaryDbContext> contexts, IOptionsMonitor<CanaryDashboardOptions> options,
        TimeProvider time, ILogger<ParameterResolver> logger, SettingsChanges? changes = null)
    {
        _contexts = contexts;
        _options = options;
        _time = time;
        _logger = logger;
        _changes = changes;
        if (_changes is not null)
            _changes.Changed += Invalidate;
    }

    /// <summary>The global level: the configured <c>Engine</c> section (follows configuration reloads).</summary>
    public EffectiveParameters Global
    {
        get
        {
            var engine = _options.CurrentValue.Engine;
            var global = _global;
            if (global is null || !ReferenceEquals(global.Engine, engine))
                _global = global = new EffectiveParameters(engine, ParameterOrigin.Configured);
            return global;
        }
    }

    /// <summary>Forgets what was read: the next <see cref="ResolveAsync"/> reads the database.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The parameters in force for <paramref name="rollout"/>, reading the assignments when they are stale.</summary>
    public async ValueTask<EffectiveParameters> ResolveAsync(RolloutKey rollout, CancellationToken cancellationToken = default) =>
        Resolve(await CurrentAsync(cancellationToken), rollout);

    /// <summary>
    /// A resolver for many rollouts from one read (the poller's cycle): the function answers without
    /// touching the database.
    /// </summary>
    public async ValueTask<Func<RolloutKey, EffectiveParameters>> ResolveAllAsync(CancellationToken cancellationToken = default)
    {
        var assignments = await CurrentAsync(cancellationToken);
        return rollout => Resolve(assignments, rollout);
    }

    /// <summary>
    /// What was read last, without waiting for the database (synchronous callers: the simulated
    /// analysis provider). Starts a refresh in the background when the values are stale.
    /// </summary>
    public EffectiveParameters Peek(RolloutKey rollout)
    {
        if (!IsFresh(_assignments))
            _ = RefreshInBackgroundAsync();
        return Resolve(_assignments, rollout);
    }

    ValueTask<EffectiveParameters> IAnalyzeParameterSource.ForAsync(RolloutKey rollout, CancellationToken cancellationToken) =>
        ResolveAsync(rollout, cancellationToken);

    public void Dispose()
    {
        if (_changes is not null)
            _changes.Changed -= Invalidate;
        _reading.Dispose();
    }

    private EffectiveParameters Resolve(ProfileAssignments assignments, RolloutKey rollout)
    {
        // global → profile → rollout: the profile replaces the whole global set (a profile is a
        // complete, validated set of values); a rollout-level override would be applied last, here.
        return assignments.ByRollout.TryGetValue(rollout, out var profile) ? profile : Global;
    }

    private bool IsFresh(ProfileAssignments a) =>
        a.Generation == Volatile.Read(ref _generation) && a.ReadAt is { } at && _time.GetUtcNow() - at < _options.CurrentValue.Polling.SettingsRefresh;

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await CurrentAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Refreshing the engine parameters in the background failed");
        }
    }

    private async ValueTask<ProfileAssignments> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _assignments;
        if (IsFresh(current))
            return current;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            current = _assignments;
            if (IsFresh(current))
                return current;   // another reader refreshed while this one waited
            var generation = Volatile.Read(ref _generation);
            try
            {
                current = new ProfileAssignments(await ReadAsync(cancellationToken), _time.GetUtcNow(), generation);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Reading the threshold profile assignments failed; keeping the {Count} read before", current.ByRollout.Count);
                // Retried after the refresh interval, not on every call: readers keep answering meanwhile.
                current = current with { ReadAt = _time.GetUtcNow(), Generation = generation };
            }
            _assignments = current;
            return current;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>One query: every rollout that names a profile, with that profile version (null when it no longer exists).</summary>
    private async Task<Dictionary<RolloutKey, EffectiveParameters>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Rollouts.AsNoTracking()
            .Where(r => r.ThresholdProfileId != null)
            .Select(r => new { r.Namespace, r.Name, r.ThresholdProfileId, r.ThresholdProfile })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<RolloutKey, EffectiveParameters>(rows.Count);
        var byProfile = new Dictionary<long, EffectiveParameters>();
        foreach (var row in rows)
        {
            var key = new RolloutKey(row.Namespace, row.Name);
            if (row.ThresholdProfile is not { } profile)
            {
                // A profile row removed under an assignment (by hand: the schema restricts deletes): the global level applies.
                lock (_reportedMissing)
                {
                    if (_reportedMissing.Add(key))
                        _logger.LogWarning("{Rollout} names threshold profile id {Id}, which does not exist; using the configured Engine section", key, row.ThresholdProfileId);
                }
                continue;
            }
            if (!byProfile.TryGetValue(profile.Id, out var parameters))
                byProfile[profile.Id] = parameters = new EffectiveParameters(profile.ToParameters(), ParameterOrigin.OfProfile(profile.Name, profile.Version));
            result[key] = parameters;
        }
        return result;
    }

    private sealed record ProfileAssignments(IReadOnlyDictionary<RolloutKey, EffectiveParameters> ByRollout, DateTimeOffset? ReadAt, int Generation)
    {
        public static ProfileAssignments None { get; } = new(new Dictionary<RolloutKey, EffectiveParameters>(), null, -1);
    }
}
