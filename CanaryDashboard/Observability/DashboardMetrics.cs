using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Prometheus;

namespace CanaryDashboard.Observability;

/// <summary>
/// Every instrument the dashboard exports about itself at <c>/metrics</c>, in one place.
/// They live in the <see cref="CollectorRegistry"/> given here (one per app, from DI), not in
/// prometheus-net's static default registry: two hosts in one test process (WebApplicationFactory)
/// then never see each other's rollouts, and nothing else in the process can add to our page.
/// </summary>
public sealed class DashboardMetrics
{
    private static readonly string[] RolloutLabels = ["namespace", "rollout"];

    private readonly Histogram _pollCycleDuration;
    private readonly Histogram _queryDuration;
    private readonly Counter _queryErrors;
    private readonly Counter _decisions;
    private readonly Counter _actions;
    private readonly Gauge _liveSubscribers;
    private readonly Counter _liveCallbackFailures;

    internal Gauge SafeWeight { get; }
    internal Gauge LatencyDelta { get; }
    internal Gauge ErrorDelta { get; }
    internal Gauge ActualWeight { get; }

    public DashboardMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = global::Prometheus.Metrics.WithCustomRegistry(registry);

        _pollCycleDuration = factory.CreateHistogram(
            "canary_dashboard_poll_cycle_duration_seconds",
            "Time of one poll cycle: snapshots, metrics, engine, decisions, storage and publish.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) }); // 5 ms … 41 s
        _queryDuration = factory.CreateHistogram(
            "canary_dashboard_promql_query_duration_seconds",
            "Time of one PromQL query, by the metric it reads.",
            new HistogramConfiguration { LabelNames = ["metric"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) }); // 1 ms … 8 s
        _queryErrors = factory.CreateCounter(
            "canary_dashboard_promql_query_errors_total",
            "PromQL queries that failed, by reason (timeout, unreachable, bad_response, …).",
            new CounterConfiguration { LabelNames = ["reason"] });
        _decisions = factory.CreateCounter(
            "canary_dashboard_decisions_total",
            "Engine decisions, by verdict.",
            new CounterConfiguration { LabelNames = ["verdict"] });
        _actions = factory.CreateCounter(
            "canary_dashboard_actions_total",
            "Actions on rollouts (abort, promote, …) by the loop or a user, by action and outcome.",
            new CounterConfiguration { LabelNames = ["action", "outcome"] });
        _liveSubscribers = factory.CreateGauge(
            "canary_dashboard_live_subscribers",
            "Pages subscribed to the live store.");
        _liveCallbackFailures = factory.CreateCounter(
            "canary_dashboard_live_callback_failures_total",
            "Live store callbacks that threw (the page's problem; other pages are not affected).");

        SafeWeight = factory.CreateGauge("canary_safe_weight",
            "The weight the engine says is safe for the canary (0 on breach or insufficient data).",
            new GaugeConfiguration { LabelNames = RolloutLabels });
        LatencyDelta = factory.CreateGauge("canary_latency_delta",
            "Relative p99 latency difference, canary against stable, as the engine computed it.",
            new GaugeConfiguration { LabelNames = RolloutLabels });
        ErrorDelta = factory.CreateGauge("canary_error_delta",
            "Absolute error-rate difference, canary against stable, as the engine computed it.",
            new GaugeConfiguration { LabelNames = RolloutLabels });
        ActualWeight = factory.CreateGauge("canary_actual_weight",
            "The weight the canary actually receives (Argo's status).",
            new GaugeConfiguration { LabelNames = RolloutLabels });

        // A labelled series only appears once it has a value; verdicts are few and known, so
        // show them at 0 from the start and rate() works from the first decision.
        foreach (var verdict in Enum.GetValues<Verdict>())
            _decisions.WithLabels(verdict.ToString()).Publish();
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    public void ObservePollCycle(TimeSpan duration) => _pollCycleDuration.Observe(duration.TotalSeconds);

    public void ObserveQuery(string metric, TimeSpan duration) => _queryDuration.WithLabels(metric).Observe(duration.TotalSeconds);

    public void CountQueryError(string reason) => _queryErrors.WithLabels(reason).Inc();

    public void CountDecision(Verdict verdict) => _decisions.WithLabels(verdict.ToString()).Inc();

    public void CountAction(string action, string outcome) => _actions.WithLabels(action, outcome).Inc();

    internal void SetLiveSubscribers(int count) => _liveSubscribers.Set(count);

    internal void CountLiveCallbackFailure() => _liveCallbackFailures.Inc();

    /// <summary>The per-rollout gauges of one rollout; the live store keeps it while the rollout exists.</summary>
    internal RolloutGauges ForRollout(RolloutKey key) => new(this, key);
}
