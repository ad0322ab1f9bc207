using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Live;
using Microsoft.AspNetCore.Components;

namespace CanaryDashboard.Components.Pages;

/// <summary>
/// Every rollout the dashboard sees. Rows come from the cluster watch (always there) merged with
/// the live store (engine data, once the poller publishes); both push changes, throttled, and the
/// page re-renders over the circuit. Filtering happens here in the circuit, not per request.
/// </summary>
public sealed partial class Overview
{
    public const float RowHeight = 41;
    private static readonly string[] Statuses = ["Healthy", "Progressing", "Paused", "Degraded"];

    [Inject] public required IRolloutSnapshotProvider Snapshots { get; init; }
    [Inject] public required LiveRolloutStore Live { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "ns")] public string? Ns { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }

    private List<RolloutRow> _all = [];
    private List<RolloutRow> _visible = [];
    private IReadOnlyList<string> _namespaces = [];
    private int _attentionCount;
    private DateTimeOffset _now;
    private IDisposable? _liveSubscription;
    private ChangeThrottle? _snapshotThrottle;

    protected override void OnInitialized()
    {
        Rebuild();
        if (!RendererInfo.IsInteractive)
            return;   // prerendering: no subscriptions for a component that is thrown away
        _liveSubscription = Live.SubscribeAll(OnChangedAsync);
        _snapshotThrottle = new ChangeThrottle(Time, TimeSpan.FromMilliseconds(100), OnChangedAsync);
        Snapshots.Changed += OnSnapshotsChanged;
    }

    protected override void OnParametersSet() => ApplyFilter();

    private void OnSnapshotsChanged(Kubernetes.Watch.SnapshotChange change) => _snapshotThrottle?.Signal();

    private Task OnChangedAsync() => InvokeAsync(() =>
    {
        Rebuild();
        ApplyFilter();
        StateHasChanged();
    });

    private void Rebuild()
    {
        _now = Time.GetUtcNow();
        _all = RolloutRowBuilder.BuildAll(Snapshots.GetAll(), Live, _now);
        _namespaces = _all.Select(r => r.Key.Namespace).Distinct().Order(StringComparer.Ordinal).ToArray();
        _attentionCount = _all.Count(r => r.NeedsAttention);
    }

    private void ApplyFilter() => _visible = new OverviewQuery(Ns, Status, Q).Apply(_all).ToList();

    private void OnNamespaceChanged(string? value) => NavigateWith("ns", value);
    private void OnStatusChanged(string? value) => NavigateWith("status", value);
    private void OnTextChanged(string? value) => NavigateWith("q", value);

    /// <summary>The filters live in the URL: a copied link restores the view; replace keeps history clean.</summary>
    private void NavigateWith(string name, string? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrWhiteSpace(value) ? null : value), replace: true);

    private static string DetailHref(RolloutRow row) =>
        $"rollouts/{Uri.EscapeDataString(row.Key.Namespace)}/{Uri.EscapeDataString(row.Key.Name)}";

    public void Dispose()
    {
        Snapshots.Changed -= OnSnapshotsChanged;
        _snapshotThrottle?.Dispose();
        _liveSubscription?.Dispose();
    }
}
