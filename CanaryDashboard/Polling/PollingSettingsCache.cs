using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Polling;

/// <summary>
/// Per-rollout settings for the poller, read from the database at most once per
/// <c>Polling:SettingsRefresh</c> (one query for all rollouts, one per threshold profile in use).
/// A failed read keeps the last good settings (logged) rather than failing the cycle: a database
/// hiccup must not stop the circuit breaker of rollouts already in Auto.
/// </summary>
public sealed class PollingSettingsCache(
    RolloutSettingsStore settings,
    ThresholdProfileStore profiles,
    IOptionsMonitor<CanaryDashboardOptions> options,
    TimeProvider time,
    ILogger<PollingSettingsCache> logger)
{
    private IReadOnlyDictionary<RolloutKey, RolloutPollSettings> _current = new Dictionary<RolloutKey, RolloutPollSettings>();
    private DateTimeOffset? _readAt;
    private RolloutPollSettings? _defaults;
    private EngineParameters? _defaultsFor;

    /// <summary>The settings a rollout without stored ones gets: Observe, N = 3, M = 2, the configured engine parameters.</summary>
    public RolloutPollSettings Defaults
    {
        get
        {
            var engine = options.CurrentValue.Engine;
            var minTimeAtRung = options.CurrentValue.Polling.MinTimeAtRung;
            if (_defaults is null || !ReferenceEquals(_defaultsFor, engine) || _defaults.Decision.MinTimeAtRung != minTimeAtRung)
            {
                _defaults = RolloutPollSettings.From(RolloutSettings.Default, engine, minTimeAtRung);
                _defaultsFor = engine;
            }
            return _defaults;
        }
    }

    /// <summary>Forgets what was read: the next <see cref="GetAsync"/> reads the database (after a settings change).</summary>
    public void Invalidate() => _readAt = null;

    /// <summary>The stored settings by rollout (rollouts without stored settings are absent: use <see cref="Defaults"/>).</summary>
    public async Task<IReadOnlyDictionary<RolloutKey, RolloutPollSettings>> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_readAt is { } at && now - at < options.CurrentValue.Polling.SettingsRefresh)
            return _current;
        try
        {
            var stored = await settings.GetAllAsync(cancellationToken);
            var engine = options.CurrentValue.Engine;
            var byProfile = new Dictionary<long, EngineParameters>();
            var result = new Dictionary<RolloutKey, RolloutPollSettings>(stored.Count);
            foreach (var (key, s) in stored)
            {
                var parameters = engine;
                if (s.ThresholdProfileId is { } id)
                {
                    if (!byProfile.TryGetValue(id, out var profile))
                    {
                        profile = (await profiles.GetAsync(id, cancellationToken))?.Parameters ?? engine;
                        byProfile[id] = profile;
                    }
                    parameters = profile;
                }
                result[key] = RolloutPollSettings.From(s, parameters, options.CurrentValue.Polling.MinTimeAtRung);
            }
            _current = result;
            _readAt = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Reading per-rollout settings failed; using the {Count} read before", _current.Count);
        }
        return _current;
    }
}
