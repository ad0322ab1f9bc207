using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Components.Dialogs;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Security;
using CanaryDashboard.Security.Actions;

namespace CanaryDashboard.Components.Pages;

/// <summary>
/// One rollout: the cluster's view (snapshot from the watch), the engine's view (live store), live
/// charts and the actions. Subscribes to both sources for this rollout only; new samples are
/// appended to the drawn charts (extendTraces), a new range redraws them from history.
/// </summary>
public sealed partial class RolloutDetail
{
    [Parameter] public string Namespace { get; set; } = "";
    [Parameter] public string Name { get; set; } = "";
    [SupplyParameterFromQuery(Name = "range")] public string? Range { get; set; }

    [Inject] public required IRolloutSnapshotProvider Snapshots { get; init; }
    [Inject] public required LiveRolloutStore Live { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IOptions<CanaryDashboardOptions> Options { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required CurrentUserAccessor Users { get; init; }
    [Inject] public required IServiceProvider Services { get; init; }
    [Inject] public required IRolloutActionService Actions { get; init; }
    [Inject] public required IParameterResolver Parameters { get; init; }

    private RolloutKey Key => new(Namespace, Name);
    private RolloutKey? _subscribedKey;
    private IDisposable? _liveSubscription;
    private ChangeThrottle? _snapshotThrottle;

    private RolloutSnapshot? _snapshot;
    private LiveRolloutState? _live;
    private LiveSample? _latest;
    private Kubernetes.Snapshots.LadderRung? _targetRung;
    private IReadOnlyList<ActionState> _actions = [];
    private bool _sending;
    private CurrentUser _user = CurrentUser.Anonymous;

    private TimeRange _range = TimeRanges.Live;
    private IReadOnlyList<SampleChart> _charts = [];
    private ChartModel[] _models = [];
    private DashboardChart?[] _chartRefs = [];
    private DateTimeOffset? _lastPlottedAt;
    private int _sampleCount;
    private string _historySource = "";
    private List<BreadcrumbItem> _breadcrumbs = [];
    private IReadOnlyList<DecisionView> _decisions = [];
    private IReadOnlyList<AuditView> _audit = [];
    private string? _historyLoadedFor;

    /// <summary>The parameters in force for this rollout (the resolver's: the same the poller and /analyze judge with).</summary>
    private EffectiveParameters _parameters = null!;

    private EngineParameters EngineParameters => _parameters.Engine;

    protected override void OnInitialized()
    {
        UseParameters(Parameters.Global);
        _models = _charts.Select(c => c.Model([])).ToArray();   // drawn empty until the history is read
    }

    /// <summary>The threshold lines follow the parameters; the charts are rebuilt only when they change.</summary>
    private bool UseParameters(EffectiveParameters parameters)
    {
        if (_parameters is { } current && current.Engine == parameters.Engine && current.Origin == parameters.Origin)
            return false;
        _parameters = parameters;
        _charts = DetailCharts.For(parameters.Engine);
        _chartRefs = new DashboardChart?[_charts.Count];
        return true;
    }

    private async Task ResolveParametersAsync()
    {
        if (UseParameters(await Parameters.ResolveAsync(Key)) && _models.Length > 0)
            await LoadHistoryAsync();   // new threshold lines: redraw from the history
    }

    protected override async Task OnInitializedAsync() => _user = await Users.GetAsync();

    protected override async Task OnParametersSetAsync()
    {
        _breadcrumbs = [new("Overview", href: ""), new(Namespace, href: $"?ns={Uri.EscapeDataString(Namespace)}"), new(Name, href: null, disabled: true)];
        var range = TimeRanges.Parse(Range);
        var keyChanged = _subscribedKey != Key;
        if (keyChanged)
            Subscribe();
        if (keyChanged)
            UseParameters(await Parameters.ResolveAsync(Key));
        ReadState();
        if (keyChanged || range != _range)
        {
            _range = range;
            await LoadHistoryAsync();
        }
        await LoadTablesAsync();
    }

    /// <summary>
    /// The decision timeline and audit log from SQLite (when storage is registered), read again
    /// only when something that writes them happened: a new decision, a new rollout status, an action.
    /// </summary>
    private async Task LoadTablesAsync(bool force = false)
    {
        if (Services.GetService<HistoryQueries>() is not { } history)
            return;
        var marker = $"{Key}|{_live?.LastDecision?.At.ToUnixTimeMilliseconds()}|{_snapshot?.ResourceVersion}";
        if (!force && marker == _historyLoadedFor)
            return;
        _historyLoadedFor = marker;
        await ResolveParametersAsync();
        try
        {
            _decisions = (await history.GetDecisionsAsync(Key, 50, null, CancellationToken.None))?.Items ?? [];
            _audit = (await history.GetAuditAsync(Key, 50, null, CancellationToken.None))?.Items ?? [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Snackbar.Add($"History could not be read: {ex.Message}", Severity.Warning);
        }
    }

    private void Subscribe()
    {
        _liveSubscription?.Dispose();
        _snapshotThrottle?.Dispose();
        Snapshots.Changed -= OnSnapshotsChanged;
        _subscribedKey = Key;
        if (!RendererInfo.IsInteractive)
            return;   // prerendering: this instance is thrown away
        _liveSubscription = Live.Subscribe(Key, OnLiveChangedAsync);
        _snapshotThrottle = new ChangeThrottle(Time, TimeSpan.FromMilliseconds(100), () => InvokeAsync(async () =>
        {
            ReadState();
            StateHasChanged();
            await LoadTablesAsync();
            StateHasChanged();
        }));
        Snapshots.Changed += OnSnapshotsChanged;
    }

    private void OnSnapshotsChanged(Kubernetes.Watch.SnapshotChange change)
    {
        var key = Key;
        if (change.Updated.Any(s => s.Key == key) || change.Removed.Contains(key))
            _snapshotThrottle?.Signal();
    }

    /// <summary>
    /// A new live state: the header first (one render), then the new sample appended to every drawn
    /// chart at once, so a slow browser delays the charts but never the numbers.
    /// </summary>
    private Task OnLiveChangedAsync() => InvokeAsync(async () =>
    {
        ReadState();
        if (_range.Span is not null && _historySource != SqliteHistorySource)
        {
            // A range opened before the history writer's first flush showed the memory ring: read
            // SQLite again until it answers, rather than staying on the fallback for good.
            await LoadHistoryAsync();
            await LoadTablesAsync();
            StateHasChanged();
            return;
        }
        var appended = _latest is { } sample && (_lastPlottedAt is null || sample.At > _lastPlottedAt) ? sample : null;
        if (appended is not null)
        {
            _lastPlottedAt = appended.At;
            _sampleCount++;
        }
        StateHasChanged();
        await LoadTablesAsync();
        StateHasChanged();
        if (appended is null)
            return;
        var appends = new List<Task>(_charts.Count);
        for (var i = 0; i < _charts.Count; i++)
        {
            if (_chartRefs[i] is { } chart)
                appends.Add(chart.AppendAsync(_charts[i].Append(appended, _models[i]), MaxPoints));
        }
        await Task.WhenAll(appends);
    });

    /// <summary>Points kept per series while live: the live store's ring holds no more either.</summary>
    private int MaxPoints => Math.Max(Options.Value.Live.SampleBufferCapacity, 2_000);

    private void ReadState()
    {
        _snapshot = Snapshots.Get(Key);
        _live = Live.Get(Key);
        _latest = _live?.Latest;
        _targetRung = TargetRung(_snapshot, _latest);
        _actions = ActionAvailability.Order.Select(a => ActionAvailability.For(_snapshot, a, _user)).ToArray();
    }

    /// <summary>
    /// The rung the loop would aim at for the latest sample: the next rung when the safe weight allows it
    /// (one rung per advance, weights in percent of maxTrafficWeight, as <see cref="Polling.Decisions.RolloutDecider"/>), else the current one.
    /// </summary>
    private static Kubernetes.Snapshots.LadderRung? TargetRung(RolloutSnapshot? snapshot, LiveSample? sample)
    {
        if (snapshot is null || sample is null || snapshot.Ladder.Count == 0 || snapshot.Aborted)
            return null;   // an aborted rollout has no rung to aim at until it is retried
        var position = Polling.SnapshotReading.Position(snapshot);
        var rung = Polling.Decisions.NextRung.Current(position);
        if (sample.Engine.Verdict == Verdict.Proceed && Polling.Decisions.NextRung.Of(position) is { } next
            && Polling.Decisions.NextRung.Reach(position, next) <= sample.Engine.SafeWeight)
            rung = next;
        return rung is { } r ? new Kubernetes.Snapshots.LadderRung(r.StepIndex, r.Weight) : null;
    }

    /// <summary>
    /// History of the range: the SQLite history when storage is registered (every range but live),
    /// else the live store's ring of recent samples; then live appends continue from its last point.
    /// </summary>
    private const string SqliteHistorySource = "history (SQLite)";

    private async Task LoadHistoryAsync()
    {
        IReadOnlyList<LiveSample> samples = Live.GetRecentSamples(Key);
        _historySource = "recent samples in memory";
        if (_range.Span is { } span)
        {
            var now = Time.GetUtcNow();
            samples = samples.Where(s => s.At >= now - span).ToArray();
            if (Services.GetService<HistoryQueries>() is { } history)
            {
                try
                {
                    var page = await history.GetSamplesAsync(Key, now - span, now.AddMinutes(1), HistoryQueries.MaxLimit, null, CancellationToken.None);
                    if (page is { Items.Count: > 0 })
                    {
                        samples = page.Items.Select(HistorySamples.ToLiveSample).ToArray();
                        _historySource = SqliteHistorySource;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _historySource = "recent samples in memory (history unavailable: " + ex.Message + ")";
                }
            }
        }
        _sampleCount = samples.Count;
        _lastPlottedAt = samples.Count > 0 ? samples[^1].At : null;
        _models = _charts.Select(c => c.Model(samples)).ToArray();
    }

    private string Reasoning => _latest is { } s
        ? EngineReasoning.Describe(s, EngineParameters, _targetRung?.Weight, _live?.LastDecision)
        : "No sample yet: the engine has not evaluated this rollout.";

    /// <summary>The evidence in words, projected once per shown sample (the page renders far more often than it polls).</summary>
    private string EvidenceText
    {
        get
        {
            if (_latest is not { } s) return "";
            if (!ReferenceEquals(_evidenceTextFor, s) || !ReferenceEquals(_evidenceTextWith, EngineParameters))
            {
                _evidenceTextWith = EngineParameters;
                _evidenceText = EvidenceReasoning.Describe(s, EngineParameters, Options.Value.Evidence);
                _evidenceTextFor = s;
            }
            return _evidenceText;
        }
    }

    private LiveSample? _evidenceTextFor;
    private EngineParameters? _evidenceTextWith;
    private string _evidenceText = "";

    /// <summary>"Thresholds: profile strict v3 — latency +10%, errors +1 pp".</summary>
    private string ParametersText =>
        $"Thresholds: {_parameters.Origin.Describe()} — latency {Format.LatencyDelta(EngineParameters.LatencyThreshold)}, errors {Format.ErrorDelta(EngineParameters.ErrorThreshold)}";

    private string PolicyText => _decisions.FirstOrDefault()?.Policy ?? (_live?.LastDecision is { } d ? $"last decision {d.Outcome}" : "— (no decision yet)");

    private string ImageTagged(string tag) =>
        _snapshot?.Images.FirstOrDefault(i => i.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))?.Image
        ?? (tag == "stable" && _snapshot?.Images.Count == 1 ? _snapshot.Images[0].Image : "—");

    private string RangeHref(string key) =>
        $"rollouts/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(Name)}" + (key == TimeRanges.Live.Key ? "" : $"?range={key}");

    private static string Hint(RolloutAction action) => action switch
    {
        RolloutAction.Abort => "Send all traffic back to stable",
        RolloutAction.Promote => "Lift the pause and go to the next step",
        RolloutAction.PromoteFull => "Skip the remaining steps and analysis",
        RolloutAction.Retry => "Start the aborted update again",
        RolloutAction.Pause => "Pause the rollout (spec.paused)",
        RolloutAction.Resume => "Lift the manual pause",
        RolloutAction.Advance => "Move forward to a rung of the ladder (one rung at a time is safest)",
        _ => "",
    };

    private async Task ConfirmAsync(RolloutAction action)
    {
        if (_snapshot is not { } snapshot) return;
        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Snapshot, snapshot },
            { d => d.Action, action },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmActionDialog>($"{ActionAvailability.Label(action)} {Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not RolloutActionRequest request)
            return;
        await SendAsync(request);
    }

    /// <summary>Through the authorized actions service: it checks the role again, calls the cluster and audits.</summary>
    private async Task SendAsync(RolloutActionRequest request)
    {
        _sending = true;
        try
        {
            var command = new RolloutCommandRequest(request.Rollout, ActionAvailability.Command(request.Action), request.TargetStep, request.ExpectedStepIndex,
                request.ExpectedPodHash);
            var result = await Actions.ExecuteAsync(_user, command);
            var label = ActionAvailability.Label(request.Action);
            var (text, severity) = result switch
            {
                { Authorization: AuthorizationOutcome.Forbidden } => ($"403 refused: {result.Message}", Severity.Error),
                { Authorization: AuthorizationOutcome.NotSignedIn } => ($"401: {result.Message}", Severity.Error),
                { Outcome: { Detail.Result: ActionResult.NoChange } o } => ($"Nothing sent: {o.Message}", Severity.Info),
                { Outcome: { Succeeded: true, Detail.Warning: { } warning } o } => ($"{label} sent: {o.Message}. It {warning}", Severity.Warning),
                { Outcome: { Succeeded: true } o } => ($"{label} sent: {o.Message}", Severity.Success),
                { Outcome: { } o } => ($"{label} failed ({o.HttpStatus} {o.Result}): {o.Message}", Severity.Error),
                _ => ($"{label} failed: {result.Message}", Severity.Error),
            };
            Snackbar.Add(text, severity);
            await LoadTablesAsync(force: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Snackbar.Add($"{ActionAvailability.Label(request.Action)} failed: {ex.Message}", Severity.Error);
        }
        finally
        {
            _sending = false;
        }
    }

    public void Dispose()
    {
        Snapshots.Changed -= OnSnapshotsChanged;
        _snapshotThrottle?.Dispose();
        _liveSubscription?.Dispose();
    }
}
