using System.Diagnostics;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using CanaryDashboard.Tuning;
using Microsoft.AspNetCore.Components;

namespace CanaryDashboard.Components.Pages;

/// <summary>
/// The tuning studio: every engine parameter on a slider and a number field, the curve and the heat
/// map recomputed on the server by <see cref="CurveSampler"/> on each change, the selected rollout's
/// live point, the backtest panel and profiles.
/// </summary>
public sealed partial class Tuning
{
    private readonly Dictionary<TuningParameter, double?> _typed = [];
    private IReadOnlyList<ParameterProblem> _problems = [];
    private readonly Dictionary<TuningParameter, string> _missing = [];
    private int _generation;
    private EngineParameters _candidate = EngineParameters.Default;
    private string _errorDeltasText = ErrorDeltaList.Format(ErrorDeltaList.Default);
    private IReadOnlyList<double> _errorDeltas = ErrorDeltaList.Default;
    private string? _errorDeltasProblem;
    private ChartModel _curves = new();
    private ChartModel _heatmap = new();
    private TimeSpan _sampledIn;
    private string? _rolloutText;
    private RolloutKey? _rollout;
    private LivePoint? _live;
    private LiveSubscription? _subscription;

    [Inject] private IParameterResolver Parameters { get; set; } = null!;

    [Inject] private LiveRolloutStore Store { get; set; } = null!;

    /// <summary><c>?rollout=namespace/name</c>: the rollout whose live point is shown (a rollout's page links here).</summary>
    [SupplyParameterFromQuery(Name = "rollout")]
    public string? RolloutQuery { get; set; }

    /// <summary>
    /// The parameters the engine runs with now: the selected rollout's (its profile, from the
    /// resolver every reader shares), else the global level. "Reset to current" and the backtest's
    /// "current" column use them.
    /// </summary>
    private EffectiveParameters _current = null!;

    private EngineParameters CurrentParameters => _current.Engine;

    protected override async Task OnInitializedAsync()
    {
        // The page renders once before an await completes (the resolver may be reading the database):
        // that render must be whole, so it starts from the global parameters.
        _current = Parameters.Global;
        Apply(CurrentParameters);
        if (RolloutKeyOf(RolloutQuery) is { } key)
        {
            // Opened from a rollout's page: then the parameters that rollout is judged with.
            _current = await Parameters.ResolveAsync(key);
            Apply(CurrentParameters);
            Select(key);
        }
    }

    private void ResetToCurrent() => Apply(CurrentParameters);

    private string CurrentText => _rollout is { } key ? $"Current: {_current.Origin.Describe()} (what {key} is judged with)" : $"Current: {_current.Origin.Describe()}";

    private void ResetToSeed() => Apply(EngineParameters.Default);

    /// <summary>Shows <paramref name="parameters"/> in every field (new field instances clear old refusals) and redraws.</summary>
    private void Apply(EngineParameters parameters)
    {
        _generation++;
        _missing.Clear();
        foreach (var p in TuningParameter.All) _typed[p] = p.Read(parameters);
        _problems = parameters.Validate();
        if (_problems.Count == 0)
        {
            _candidate = parameters;
            Recompute();
        }
    }

    private void OnParameterChanged(TuningParameter parameter, double? value)
    {
        _typed[parameter] = value;
        if (value is null) _missing[parameter] = "required";
        else _missing.Remove(parameter);

        var typed = _candidate;
        foreach (var p in TuningParameter.All)
        {
            if (_typed[p] is { } v) typed = p.Write(typed, v);
        }
        // The engine's own validation decides; a missing value is refused here.
        _problems = [.. typed.Validate(), .. _missing.Select(m => new ParameterProblem(m.Key.Name, m.Value))];
        if (_problems.Count > 0) return;   // refused: the charts keep the last valid parameters
        _candidate = typed;
        Recompute();
    }

    private string? ProblemOf(TuningParameter parameter)
    {
        var reasons = parameter.ProblemsIn(_problems).ToList();
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private void OnErrorDeltasChanged(string text)
    {
        _errorDeltasText = text;
        var (values, problem) = ErrorDeltaList.Parse(text);
        _errorDeltasProblem = problem;
        if (values is null) return;
        _errorDeltas = values;
        Recompute();
    }

    private async Task OnRolloutChangedAsync(string? text)
    {
        _rolloutText = text;
        if (RolloutKeyOf(text) is { } key)
        {
            _current = await Parameters.ResolveAsync(key);
            Select(key);
        }
        else
        {
            _current = Parameters.Global;
            _subscription?.Dispose();
            _subscription = null;
            _rollout = null;
            _live = null;
            Recompute();
        }
    }

    private void Select(RolloutKey key)
    {
        _subscription?.Dispose();
        _rollout = key;
        _rolloutText = key.ToString();
        // The live point moves when the poller publishes a new sample for this rollout.
        _subscription = Store.Subscribe(key, () => InvokeAsync(() =>
        {
            Recompute();
            StateHasChanged();
        }));
        Recompute();
    }

    /// <summary>Samples the engine for both charts with the candidate parameters; new models make the charts redraw.</summary>
    private void Recompute()
    {
        var started = Stopwatch.GetTimestamp();
        _live = _rollout is { } key ? LivePoint.From(Store.Get(key), _candidate) : null;
        _curves = TuningCharts.Curves(_candidate, _errorDeltas, _live);
        _heatmap = TuningCharts.Heatmap(_candidate, _live);
        _sampledIn = Stopwatch.GetElapsedTime(started);
    }

    private IReadOnlyList<string> RolloutChoices()
    {
        var keys = Store.All.Select(s => s.Key.ToString()).ToList();
        if (_rolloutText is { } selected && !keys.Contains(selected)) keys.Add(selected);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private string LiveText()
    {
        if (_rollout is not { } key) return "Pick a live rollout to see where it stands on the curve.";
        if (_live is not { } live) return $"{key}: no live sample with both deltas yet.";
        var liveWeight = live.LiveSafeWeight is { } w ? $"; the live engine says {TuningFormat.Number(w)}" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{key} at {live.At:HH:mm:ss}: latency {live.LatencyDelta * 100:+0.0;-0.0;0.0} %, errors {TuningCharts.Pp(live.ErrorDelta)} → " +
            $"{live.Candidate.Verdict.ToString().ToLowerInvariant()}, safe weight {TuningFormat.Number(live.Candidate.SafeWeight)} with the candidate{liveWeight}.");
    }

    private static RolloutKey? RolloutKeyOf(string? text)
    {
        var parts = (text ?? "").Split('/', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? new RolloutKey(parts[0], parts[1]) : null;
    }

    public void Dispose() => _subscription?.Dispose();
}
