using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Tests.PrometheusTesting;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.MetricsSource;

/// <summary>
/// The evidence's counts from the counter queries, against a canned Prometheus whose counters each
/// test sets by hand between reads, on a fake clock: every expected count is a difference worked out below.
/// </summary>
public sealed class CounterWindowsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Entry = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Entry);
    private readonly CountedSeries _canary = new CountedSeries("checkout", "v2-canary").Set(1000, 10, 800, 990);
    private readonly CountedSeries _stable = new CountedSeries("checkout", "v1-stable").Set(9000, 45, 7000, 8900);
    private CannedPrometheus _stub = null!;
    private PrometheusSourceFactory _factory = null!;

    private List<CountedSeries> Series { get; set; } = [];

    /// <summary>The counters Prometheus held at the window's start, for the @ queries; null: the modifier is refused.</summary>
    private List<CountedSeries>? AtStart { get; set; }

    private static MetricTarget Checkout(DateTimeOffset? start = null, string? canaryRevision = null) =>
        new(new RolloutKey("shop", "checkout"), "checkout", "v2-canary", "v1-stable")
        {
            WindowStart = start ?? Entry, CanaryRevision = canaryRevision, StableRevision = canaryRevision is null ? null : "s1",
        };

    public async Task InitializeAsync()
    {
        Series = [_canary, _stable];
        _stub = await CannedPrometheus.StartAsync();
        // Counters "at" an instant (@) come from AtStart when a test set it; otherwise Prometheus refuses the
        // modifier (as one started with it disabled would) and every window starts at its first read.
        _stub.Answer = query => query.Contains(" @ ", StringComparison.Ordinal)
            ? AtStart is { } then
                ? new CannedAnswer(200, CountedSeries.Answer(query, then))
                : new CannedAnswer(400, CannedPrometheus.Error("bad_data", "@ modifier is disabled"))
            : new CannedAnswer(200, CountedSeries.Answer(query, Series));
        UseOptions(new PrometheusOptions());
    }

    private void UseOptions(PrometheusOptions prometheus)
    {
        _factory?.Dispose();
        prometheus.BaseUrl = _stub.BaseAddress.ToString();
        prometheus.Timeout = TimeSpan.FromSeconds(30);
        _factory = new PrometheusSourceFactory(new CanaryDashboardOptions { Prometheus = prometheus }, _time);
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _stub.DisposeAsync();
    }

    private async Task<MetricsReading> ReadAsync(MetricTarget target)
    {
        var batch = await _factory.Source.ReadAsync([target], CancellationToken.None);
        Assert.True(batch.BackendAvailable, batch.Error);
        Assert.Empty(batch.FailedQueries);
        return batch.Readings[target.Rollout];
    }

    private static string[] CountProblems(MetricsReading reading) =>
        reading.Problems.Where(p => p.Contains("count", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void The_counter_queries_read_the_counters_at_the_instant_for_the_windowed_targets_only()
    {
        var other = new MetricTarget(new RolloutKey("shop", "orders"), "orders", "v2-canary", "v1-stable");

        var queries = BatchQueries.BuildCounters(new PrometheusOptions(), [Checkout(), other]);

        Assert.Equal("sum by (job, version) (http_requests_total{job=\"checkout\",version=~\"v1-stable|v2-canary\"})", queries[CounterMetric.Requests]);
        Assert.Equal("sum by (job, version) (http_requests_total{job=\"checkout\",version=~\"v1-stable|v2-canary\",status=~\"5..\"})", queries[CounterMetric.Errors]);
        Assert.Equal("sum by (le, job, version) (http_request_duration_seconds_bucket{job=\"checkout\",version=~\"v1-stable|v2-canary\"})", queries[CounterMetric.LatencyBuckets]);
        Assert.Empty(BatchQueries.BuildCounters(new PrometheusOptions(), [other]));
        Assert.Equal("sum by (le, job, version, rollouts_pod_template_hash) (http_request_duration_seconds_bucket{job=\"checkout\",version=~\"v1-stable|v2-canary\"})",
            BatchQueries.BuildCounters(new PrometheusOptions { RevisionLabel = "rollouts_pod_template_hash" }, [Checkout()])[CounterMetric.LatencyBuckets]);
    }

    [Fact]
    public async Task The_first_read_counts_zero_from_its_own_instant()
    {
        _time.Advance(TimeSpan.FromSeconds(3));

        var reading = await ReadAsync(Checkout());

        Assert.Empty(CountProblems(reading));
        Assert.Equal(Entry.AddSeconds(3), reading.CountsSince);
        var counts = reading.Counts!;
        Assert.Equal(TimeSpan.Zero, counts.Window);
        Assert.Equal((0, 0), (counts.Canary.Requests, counts.Canary.Errors));
        Assert.Equal((0, 0), (counts.Stable.Requests, counts.Stable.Errors));
        Assert.Equal(0, counts.Canary.Latency!.Total);
        Assert.Equal(0.1, reading.Canary.P99Seconds); // the rate-window metrics are read as before
    }

    [Fact]
    public async Task A_window_that_began_before_the_first_read_counts_from_its_real_start()
    {
        // The rung began 30 s before this read (a restart, or /analyze asked late): the counters at its start, read
        // with @, are the baseline. canary 1450 − 1000 = 450 requests, 19 − 10 = 9 errors; stable 13050 − 9000 = 4050.
        AtStart = [new CountedSeries("checkout", "v2-canary").Set(1000, 10, 800, 990), new CountedSeries("checkout", "v1-stable").Set(9000, 45, 7000, 8900)];
        _canary.Set(1450, 19, 1100, 1440);
        _stable.Set(13050, 65, 10150, 12900);
        _time.Advance(TimeSpan.FromSeconds(30));

        var reading = await ReadAsync(Checkout());

        Assert.Empty(CountProblems(reading));
        Assert.Equal(Entry, reading.CountsSince);
        var counts = reading.Counts!;
        Assert.Equal(TimeSpan.FromSeconds(30), counts.Window);
        Assert.Equal((450, 9), (counts.Canary.Requests, counts.Canary.Errors));
        Assert.Equal((4050, 20), (counts.Stable.Requests, counts.Stable.Errors));
        Assert.Equal(new[] { 300.0, 450.0 }, counts.Canary.Latency!.CumulativeCounts);
        Assert.Contains(_stub.Queries, q => q.Contains($" @ {Entry.ToUnixTimeSeconds()}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Later_reads_count_the_growth_since_the_first_one()
    {
        await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(30));
        _canary.Set(1450, 19, 1100, 1440);
        _stable.Set(13050, 65, 10150, 12900);

        var reading = await ReadAsync(Checkout());

        Assert.Empty(CountProblems(reading));
        var counts = reading.Counts!;
        Assert.Equal(Entry, reading.CountsSince);
        Assert.Equal(TimeSpan.FromSeconds(30), counts.Window);
        // canary: 1450 − 1000 requests, 19 − 10 errors, buckets 1100 − 800 and 1440 − 990
        Assert.Equal((450, 9), (counts.Canary.Requests, counts.Canary.Errors));
        Assert.Equal([0.1, 0.5], counts.Canary.Latency!.FiniteBounds);
        Assert.Equal([300, 450], counts.Canary.Latency.CumulativeCounts);
        Assert.Equal(450, counts.Canary.Latency.Total);
        // stable: 13050 − 9000, 65 − 45, 10150 − 7000, 12900 − 8900
        Assert.Equal((4050, 20), (counts.Stable.Requests, counts.Stable.Errors));
        Assert.Equal([3150, 4000], counts.Stable.Latency!.CumulativeCounts);

        _time.Advance(TimeSpan.FromSeconds(30));
        _canary.Set(1900, 30, 1390, 1880);
        var third = (await ReadAsync(Checkout())).Counts!;

        // still from the first read: 1900 − 1000, 30 − 10
        Assert.Equal((900, 20), (third.Canary.Requests, third.Canary.Errors));
        Assert.Equal(TimeSpan.FromSeconds(60), third.Window);
    }

    [Fact]
    public async Task A_counter_that_falls_restarts_the_window_and_says_so()
    {
        await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(20));
        _canary.Set(1200, 12, 950, 1190);
        await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(20));
        _canary.Set(40, 1, 30, 40); // a canary pod restarted: its counters began again

        var restarted = await ReadAsync(Checkout());

        Assert.Equal(Entry.AddSeconds(40), restarted.CountsSince);
        Assert.Equal((0, 0, TimeSpan.Zero), (restarted.Counts!.Canary.Requests, restarted.Counts.Stable.Requests, restarted.Counts.Window));
        var problem = Assert.Single(CountProblems(restarted));
        Assert.Contains("window restarted", problem);
        Assert.Contains("canary's request counter fell to 40, below its 1000 at the window's start (a pod restarted or went away)", problem);

        _time.Advance(TimeSpan.FromSeconds(10));
        _canary.Set(140, 3, 110, 139);
        var after = await ReadAsync(Checkout());

        Assert.Empty(CountProblems(after));
        Assert.Equal((100, 2), (after.Counts!.Canary.Requests, after.Counts.Canary.Errors)); // 140 − 40, 3 − 1
        Assert.Equal([80, 99], after.Counts.Canary.Latency!.CumulativeCounts);             // 110 − 30, 139 − 40
        Assert.Equal(TimeSpan.FromSeconds(10), after.Counts.Window);
    }

    [Fact]
    public async Task A_version_without_a_5xx_series_has_zero_errors_and_its_first_5xx_counts_from_zero()
    {
        _canary.Set(1000, null, 800, 990);
        var first = await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(10));
        _canary.Set(1100, null, 880, 1090);
        var second = await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(10));
        _canary.Set(1200, 3, 960, 1190); // the first 5xx: the series appears at 3

        var third = await ReadAsync(Checkout());

        Assert.Equal(0, first.Counts!.Canary.Errors);
        Assert.Equal((100, 0), (second.Counts!.Canary.Requests, second.Counts.Canary.Errors));
        Assert.Equal((200, 3), (third.Counts!.Canary.Requests, third.Counts.Canary.Errors));
        Assert.Empty(CountProblems(third));
        Assert.Equal(Entry, third.CountsSince);
    }

    [Fact]
    public async Task With_the_revision_label_only_the_targets_revisions_count()
    {
        UseOptions(new PrometheusOptions { RevisionLabel = "rollouts_pod_template_hash" });
        var aborted = new CountedSeries("checkout", "v2-canary", "old").Set(500, 250, 100, 400);
        var current = new CountedSeries("checkout", "v2-canary", "new").Set(100, 1, 90, 99);
        var stable = new CountedSeries("checkout", "v1-stable", "s1").Set(9000, 45, 7000, 8900);
        Series = [aborted, current, stable];
        var target = Checkout(canaryRevision: "new");

        await ReadAsync(target);
        _time.Advance(TimeSpan.FromSeconds(15));
        aborted.Set(800, 400, 150, 700); // a lingering pod of the aborted revision still serves
        current.Set(250, 2, 220, 248);
        stable.Set(10000, 50, 7800, 9890);
        var reading = await ReadAsync(target);

        Assert.Contains(_stub.Queries, q => q.StartsWith("sum by (job, version, rollouts_pod_template_hash) (http_requests_total{", StringComparison.Ordinal));
        Assert.Empty(CountProblems(reading));
        Assert.Equal((150, 1), (reading.Counts!.Canary.Requests, reading.Counts.Canary.Errors)); // 250 − 100, 2 − 1
        Assert.Equal([130, 149], reading.Counts.Canary.Latency!.CumulativeCounts);               // 220 − 90, 248 − 99
        Assert.Equal((1000, 5), (reading.Counts.Stable.Requests, reading.Counts.Stable.Errors));

        var unknown = await ReadAsync(Checkout(canaryRevision: "gone"));
        Assert.True(double.IsNaN(unknown.Counts!.Canary.Requests));
        Assert.Contains(unknown.Problems, p => p.StartsWith("canary request counter: no series for job=\"checkout\", version=\"v2-canary\", rollouts_pod_template_hash=\"gone\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_without_a_window_start_gets_no_counts_and_sends_no_counter_queries()
    {
        var unwindowed = Checkout() with { WindowStart = null };

        var reading = await ReadAsync(unwindowed);

        Assert.Null(reading.Counts);
        Assert.Null(reading.CountsSince);
        Assert.Equal(4, _stub.Queries.Count);
        Assert.DoesNotContain(_stub.Queries, CountedSeries.IsCounterQuery);

        var orders = new MetricTarget(new RolloutKey("shop", "orders"), "orders", "v2-canary", "v1-stable") { WindowStart = Entry };
        var batch = await _factory.Source.ReadAsync([unwindowed, orders], CancellationToken.None);
        Assert.Null(batch.Readings[unwindowed.Rollout].Counts);
        Assert.Equal(4 + 7, _stub.Queries.Count);
        Assert.All(_stub.Queries.Where(CountedSeries.IsCounterQuery), q => Assert.DoesNotContain("checkout", q));
    }

    [Fact]
    public async Task Missing_series_and_failed_counter_queries_say_so_and_leave_the_rate_window_metrics_standing()
    {
        Series = [_stable];
        var noCanary = await ReadAsync(Checkout());

        Assert.True(double.IsNaN(noCanary.Counts!.Canary.Requests));
        Assert.Equal(0, noCanary.Counts.Stable.Requests);
        Assert.Contains(noCanary.Problems, p => p.StartsWith("canary request counter: no series for job=\"checkout\", version=\"v2-canary\"", StringComparison.Ordinal));

        // The canary's series appear: its counts could not start at the window's start, so the window restarts.
        Series = [_canary, _stable];
        _time.Advance(TimeSpan.FromSeconds(5));
        var appeared = await ReadAsync(Checkout());
        Assert.Contains(appeared.Problems, p => p.Contains("window restarted", StringComparison.Ordinal) && p.Contains("canary's request counter appeared", StringComparison.Ordinal));
        Assert.Equal(0, appeared.Counts!.Canary.Requests);

        _stub.Answer = query => query.Contains("_bucket{", StringComparison.Ordinal) && CountedSeries.IsCounterQuery(query)
            ? new CannedAnswer(422, CannedPrometheus.Error("execution", "query processing would load too many samples"))
            : new CannedAnswer(200, CountedSeries.Answer(query, Series));
        var failed = await ReadAsync(Checkout());

        Assert.Null(failed.Counts);
        Assert.Contains(failed.Problems, p => p.StartsWith("counts unavailable: latency bucket counters: Prometheus error execution", StringComparison.Ordinal));
        Assert.Equal(0.1, failed.Canary.P99Seconds);
    }

    [Fact]
    public async Task A_new_window_start_or_revision_replaces_the_window_and_idle_windows_are_dropped()
    {
        await ReadAsync(Checkout());
        _time.Advance(TimeSpan.FromSeconds(30));
        _canary.Set(1300, 10, 1000, 1290);

        var nextRung = await ReadAsync(Checkout(Entry.AddSeconds(25)));

        Assert.Equal(Entry.AddSeconds(30), nextRung.CountsSince);
        Assert.Equal(0, nextRung.Counts!.Canary.Requests);

        var orders = new MetricTarget(new RolloutKey("shop", "orders"), "orders", "v2-canary", "v1-stable") { WindowStart = Entry };
        _time.Advance(CounterWindows.IdleLimit + TimeSpan.FromSeconds(1));
        await ReadAsync(orders);

        Assert.False(_factory.Windows.Tracks(Checkout().Rollout));
        Assert.Equal(1, _factory.Windows.Count);
    }
}
