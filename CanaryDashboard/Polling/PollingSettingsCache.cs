using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Polling;

/// <summary>
/// Per-rollout settings for the poller, read from the database at most once per
/// <c>Polling:SettingsRefresh</c> (one query for all rollouts) and again at once after a settings
/// or profile save. The engine parameters come from the <see cref="ParameterResolver"/>, the one
/// source every reader shares. A failed read keeps the last good settings (logged) rather than
/// failing the cycle: a database hiccup must not stop the circuit breaker of rollouts already in Auto.
/// </summary>
public sealed class PollingSettingsCache : IDisposable
{
    private readonly RolloutSettingsStore _settings;
    private readonly ParameterResolver _parameters;
    private readonly IOptionsMonitor<CanaryDashboardOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PollingSettingsCache> _logger;
    private readonly SettingsChanges? _changes;
    private IReadOnlyDictionary<RolloutKey, RolloutSettings> _stored = new Dictionary<RolloutKey, RolloutSettings>();
    private DateTimeOffset? _readAt;
    private RolloutPollSettings? _defaults;

    public PollingSettingsCache(RolloutSettingsStore settings, ParameterResolver parameters, IOptionsMonitor<CanaryDashboardOptions> options,
        TimeProvider time, ILogger<PollingSettingsCache> logger, SettingsChanges? changes = null)
    {
        _settings = settings;
        _parameters = parameters;
        _options = options;
        _time = time;
        _logger = logger;
        _changes = changes;
        if (_changes is not null)
            _changes.Changed += Invalidate;
    }

    /// <summary>The settings a rollout without stored ones gets: Observe, N = 3, M = 2, the configured engine parameters.</summary>
    public RolloutPollSettings Defaults
    {
        get
        {
            var global = _parameters.Global;
            var minTimeAtRung = _options.CurrentValue.Polling.MinTimeAtRung;
            if (_defaults is null || !ReferenceEquals(_defaults.Engine, global.Engine) || _defaults.Decision.MinTimeAtRung != minTimeAtRung)
                _defaults = RolloutPollSettings.From(RolloutSettings.Default, global, minTimeAtRung);
            return _defaults;
        }
    }

    /// <summary>Forgets what was read: the next <see cref="GetAsync"/> reads the database (after a settings change).</summary>
    public void Invalidate() => _readAt = null;

    /// <summary>The stored settings by rollout (rollouts without stored settings are absent: use <see cref="Defaults"/>).</summary>
    public async Task<IReadOnlyDictionary<RolloutKey, RolloutPollSettings>> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_readAt is not { } at || now - at >= _options.CurrentValue.Polling.SettingsRefresh)
        {
            try
            {
                _stored = await _settings.GetAllAsync(cancellationToken);
                _readAt = now;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Reading per-rollout settings failed; using the {Count} read before", _stored.Count);
            }
        }
        // Parameters are resolved every cycle (the resolver caches them itself): a profile change
        // reaches the next cycle even while the settings read above is still fresh.
        var resolve = await _parameters.ResolveAllAsync(cancellationToken);
        var result = new Dictionary<RolloutKey, RolloutPollSettings>(_stored.Count);
        foreach (var (key, s) in _stored)
            result[key] = RolloutPollSettings.From(s, resolve(key), _options.CurrentValue.Polling.MinTimeAtRung);
        return result;
    }

    public void Dispose()
    {
        if (_changes is not null)
            _changes.Changed -= Invalidate;
    }
}
