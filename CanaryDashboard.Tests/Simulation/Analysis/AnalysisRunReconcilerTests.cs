using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Simulation.Analysis.Providers;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.Analysis;

/// <summary>
/// One AnalysisRun reconciled again and again as analysis/analysis.go does, on a fake clock:
/// when measurements are taken, how they are counted, when the run ends and with what message.
/// The web provider's network is a stub; nothing sleeps.
/// </summary>
public sealed class AnalysisRunReconcilerTests : IDisposable
{
    private const string Success = "\"successCondition\":\"result.status == 'proceed'\",\"failureCondition\":\"result.status == 'breach'\",";
    private const string Proceed = """{"status":"proceed","weight":20}""";
    private const string Breach = """{"status":"breach","weight":0}""";
    private const string NoData = """{"status":"insufficient-data","weight":0}""";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly StubHttpHandler _network = new();
    private readonly AnalysisController _controller;
    private JsonObject _run = null!;

    public AnalysisRunReconcilerTests() =>
        _controller = new AnalysisController(new ObjectStore(_clock), new SimulatedWorkload(1), _clock, httpHandler: _network);

    public void Dispose() => _controller.Dispose();

    private static string Web(string url = "http://127.0.0.1:8080/analyze") => $$$"""{"web":{"url":"{{{url}}}","jsonPath":"{$}"}}""";

    private void Start(string metrics, string extraSpec = "")
    {
        _run = JsonNode.Parse($$$"""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"AnalysisRun","metadata":{"name":"r","namespace":"shop"},
             "spec":{{{{extraSpec}}}"metrics":[{{{metrics}}}]}}
            """)!.AsObject();
    }

    private async Task<JsonObject> Reconcile()
    {
        _run = await _controller.Reconciler.ReconcileAsync(_run, _clock.GetUtcNow());
        return _run;
    }

    private string Phase => Json.Str(_run["status"]?["phase"]) ?? "";
    private string? Message => Json.Str(_run["status"]?["message"]);
    private JsonObject Result(int i = 0) => _run["status"]!["metricResults"]![i]!.AsObject();
    private JsonArray Measurements(int i = 0) => Result(i)["measurements"]!.AsArray();

    [Fact]
    public async Task The_first_measurement_is_taken_at_once_then_one_per_interval_until_the_count()
    {
        Start($$"""{"name":"safe-weight","interval":"30s","count":3,{{Success}}"provider":{{Web()}}}""");
        _network.Json(Proceed);

        await Reconcile();
        Assert.Equal(AnalysisPhase.Running, Phase);
        Assert.Equal("2026-03-01T12:00:00Z", Json.Str(_run["status"]!["startedAt"]));
        Assert.Single(Measurements());
        Assert.Equal("""{"status":"proceed","weight":20}""", Json.Str(Measurements()[0]!["value"]));

        _clock.Advance(TimeSpan.FromSeconds(30));   // not yet: Argo waits until strictly after finishedAt + interval
        await Reconcile();
        Assert.Single(Measurements());

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Reconcile();
        Assert.Equal(2, Measurements().Count);

        _clock.Advance(TimeSpan.FromSeconds(31));
        await Reconcile();
        Assert.Equal(AnalysisPhase.Successful, Phase);
        Assert.Equal("", Message ?? "");
        Assert.Equal((3, 3), (Json.Int(Result()["count"]), Json.Int(Result()["successful"])));
        Assert.Equal(AnalysisPhase.Successful, Json.Str(Result()["phase"]));
        Assert.Equal(Json.Timestamp(_clock.GetUtcNow()), Json.Str(_run["status"]!["completedAt"]));
        Assert.Equal(1, Json.Int(_run["status"]!["runSummary"]!["successful"]));

        _clock.Advance(TimeSpan.FromMinutes(5));
        await Reconcile();   // completed: left as it is
        Assert.Equal(3, _network.Requests.Count);
    }

    [Fact]
    public async Task No_count_and_no_interval_is_one_measurement()
    {
        Start($$"""{"name":"once",{{Success}}"provider":{{Web()}}}""");
        _network.Json(Proceed);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Successful, Phase);
        Assert.Single(_network.Requests);
    }

    [Fact]
    public async Task The_initial_delay_counts_from_the_run_start()
    {
        Start($$"""{"name":"late","initialDelay":"1m",{{Success}}"provider":{{Web()}}}""");
        _network.Json(Proceed);

        await Reconcile();   // the run starts now; the metric waits
        Assert.Equal(AnalysisPhase.Running, Phase);
        Assert.Null(_run["status"]!["metricResults"]);
        _clock.Advance(TimeSpan.FromSeconds(59));
        await Reconcile();
        Assert.Empty(_network.Requests);
        _clock.Advance(TimeSpan.FromSeconds(1));   // startedAt + initialDelay is no longer after now
        await Reconcile();
        Assert.Equal(AnalysisPhase.Successful, Phase);
    }

    [Fact]
    public async Task A_breach_fails_the_run_at_once_with_Argos_message()
    {
        Start($$"""{"name":"safe-weight","interval":"30s",{{Success}}"provider":{{Web()}}}""");
        _network.Json(Breach);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Failed, Phase);
        Assert.Equal("Metric \"safe-weight\" assessed Failed due to failed (1) > failureLimit (0)", Message);
        Assert.Equal(1, Json.Int(_run["status"]!["runSummary"]!["failed"]));
    }

    [Fact]
    public async Task Insufficient_data_ends_the_run_Inconclusive()
    {
        Start($$"""{"name":"safe-weight","interval":"30s",{{Success}}"provider":{{Web()}}}""");
        _network.Json(NoData);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Inconclusive, Phase);
        Assert.Equal("Metric \"safe-weight\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)", Message);
    }

    [Fact]
    public async Task The_failure_limit_allows_failures_before_the_run_fails()
    {
        Start($$"""{"name":"m","interval":"10s","failureLimit":2,{{Success}}"provider":{{Web()}}}""");
        _network.Json(Breach);
        for (var i = 0; i < 2; i++)
        {
            await Reconcile();
            Assert.Equal(AnalysisPhase.Running, Phase);
            _clock.Advance(TimeSpan.FromSeconds(11));
        }
        await Reconcile();
        Assert.Equal(AnalysisPhase.Failed, Phase);
        Assert.Equal("Metric \"m\" assessed Failed due to failed (3) > failureLimit (2)", Message);
    }

    [Fact]
    public async Task The_inconclusive_limit_allows_inconclusive_measurements()
    {
        Start($$"""{"name":"m","interval":"10s","inconclusiveLimit":1,{{Success}}"provider":{{Web()}}}""");
        _network.Json(NoData);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Running, Phase);
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();
        Assert.Equal(AnalysisPhase.Inconclusive, Phase);
    }

    [Fact]
    public async Task Errors_are_retried_every_10_seconds_and_the_fifth_in_a_row_ends_the_run_in_Error()
    {
        Start($$"""{"name":"safe-weight","interval":"30s",{{Success}}"provider":{{Web()}}}""");
        _network.Json("""{"status":"unavailable"}""", HttpStatusCode.ServiceUnavailable);

        await Reconcile();
        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal(AnalysisPhase.Running, Phase);
            _clock.Advance(TimeSpan.FromSeconds(10));   // DefaultErrorRetryInterval, strictly after
            await Reconcile();
            Assert.Equal(i - 1, Measurements().Count);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Reconcile();
            Assert.Equal(i, Measurements().Count);
        }
        Assert.Equal(AnalysisPhase.Error, Phase);
        Assert.Equal((5, 5), (Json.Int(Result()["error"]), Json.Int(Result()["consecutiveError"])));
        Assert.Null(Result()["count"]);   // errors are not counted
        Assert.Equal("Metric \"safe-weight\" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): \"Error Message: received non 2xx response code: 503\"", Message);
    }

    [Fact]
    public async Task A_success_clears_the_error_streak_and_the_interval_applies_again()
    {
        Start($$"""{"name":"m","interval":"30s",{{Success}}"provider":{{Web()}}}""");
        _network.Answer(HttpStatusCode.BadGateway, "x").Answer(HttpStatusCode.BadGateway, "x").Json(Proceed);
        await Reconcile();
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();
        Assert.Equal(2, Json.Int(Result()["consecutiveError"]));
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();
        Assert.Null(Result()["consecutiveError"]);
        Assert.Equal((1, 2), (Json.Int(Result()["successful"]), Json.Int(Result()["error"])));
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();
        Assert.Equal(3, Measurements().Count);   // back to the 30 s interval
    }

    [Fact]
    public async Task The_consecutive_error_limit_can_be_set()
    {
        Start($$"""{"name":"m","interval":"30s","consecutiveErrorLimit":1,{{Success}}"provider":{{Web()}}}""");
        _network.Answer(HttpStatusCode.InternalServerError, "x");
        await Reconcile();
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();
        Assert.Equal(AnalysisPhase.Error, Phase);
    }

    [Fact]
    public async Task Ten_measurements_are_kept_by_default_or_the_retention_limit()
    {
        Start($$"""{"name":"a","interval":"1s",{{Success}}"provider":{{Web()}}},{"name":"b","interval":"1s",{{Success}}"provider":{{Web()}}}""",
            "\"measurementRetention\":[{\"metricName\":\"^b$\",\"limit\":3}],");
        _network.Json(Proceed);
        for (var i = 0; i < 14; i++)
        {
            await Reconcile();
            _clock.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(10, Measurements(0).Count);
        Assert.Equal(3, Measurements(1).Count);
        Assert.Equal(14, Json.Int(Result(0)["successful"]));
        Assert.Equal(Json.Timestamp(_clock.GetUtcNow() - TimeSpan.FromSeconds(2)), Json.Str(Measurements(0)[^1]!["finishedAt"]));
    }

    [Fact]
    public async Task Terminate_ends_a_running_run_Successful_without_another_measurement()
    {
        Start($$"""{"name":"m","interval":"30s",{{Success}}"provider":{{Web()}}}""");
        _network.Json(Proceed);
        await Reconcile();
        _run["spec"]!["terminate"] = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Reconcile();
        Assert.Equal(AnalysisPhase.Successful, Phase);
        Assert.Equal("Run Terminated", Message);
        Assert.Single(_network.Requests);
    }

    [Fact]
    public async Task A_run_terminated_before_any_measurement_is_Successful()
    {
        Start($$"""{"name":"m","initialDelay":"5m",{{Success}}"provider":{{Web()}}}""", "\"terminate\":true,");
        await Reconcile();
        Assert.Equal((AnalysisPhase.Successful, "Run Terminated"), (Phase, Message));
    }

    [Fact]
    public async Task The_worst_metric_decides_the_run_Failed_over_Inconclusive()
    {
        Start($$"""{"name":"a",{{Success}}"provider":{{Web("http://127.0.0.1:1/a")}}},{"name":"b",{{Success}}"provider":{{Web("http://127.0.0.1:1/b")}}}""");
        _network.JsonAt("/a", NoData).JsonAt("/b", Breach);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Failed, Phase);
        Assert.Equal("Metric \"b\" assessed Failed due to failed (1) > failureLimit (0)", Message);
        Assert.Equal(2, Json.Int(_run["status"]!["runSummary"]!["count"]));
    }

    [Fact]
    public async Task A_failed_metric_stops_the_others_at_the_next_reconcile()
    {
        Start($$"""{"name":"a","interval":"10s",{{Success}}"provider":{{Web("http://127.0.0.1:1/a")}}},{"name":"b","interval":"10s",{{Success}}"provider":{{Web("http://127.0.0.1:1/b")}}}""");
        _network.JsonAt("/a", Proceed).JsonAt("/b", Breach);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Running, Phase);   // a still runs: the run waits for it ...
        _clock.Advance(TimeSpan.FromSeconds(11));
        await Reconcile();   // ... and now the run is terminating: no new measurement, the worst wins
        Assert.Equal(AnalysisPhase.Failed, Phase);
        Assert.Equal(2, _network.Requests.Count);
    }

    [Fact]
    public async Task A_dry_run_metric_never_fails_the_run()
    {
        Start($$"""{"name":"real",{{Success}}"provider":{{Web("http://127.0.0.1:1/a")}}},{"name":"trial",{{Success}}"provider":{{Web("http://127.0.0.1:1/b")}}}""",
            "\"dryRun\":[{\"metricName\":\"tri.*\"}],");
        _network.JsonAt("/a", Proceed).JsonAt("/b", Breach);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Successful, Phase);
        Assert.Equal(AnalysisPhase.Failed, Json.Str(Result(1)["phase"]));
        Assert.True(Json.Bool(Result(1)["dryRun"]));
        Assert.Equal("Metric assessed Failed due to failed (1) > failureLimit (0)", Json.Str(Result(1)["message"]));
        Assert.Equal(1, Json.Int(_run["status"]!["dryRunSummary"]!["failed"]));
    }

    [Fact]
    public async Task Arguments_are_substituted_into_the_metric()
    {
        Start($$"""{"name":"m",{{Success}}"provider":{{Web("http://127.0.0.1:1/analyze?namespace={{args.namespace}}&rollout={{ args.rollout }}")}}}""",
            "\"args\":[{\"name\":\"namespace\",\"value\":\"shop\"},{\"name\":\"rollout\",\"value\":\"web\"}],");
        _network.Json(Proceed);
        await Reconcile();
        Assert.Equal("http://127.0.0.1:1/analyze?namespace=shop&rollout=web", Assert.Single(_network.Requests).Request.RequestUri!.ToString());
    }

    [Theory]
    [InlineData("\"args\":[{\"name\":\"rollout\"}],", "Unable to resolve metric arguments: argument \"rollout\" was not supplied")]
    [InlineData("", "Unable to resolve metric arguments: failed to resolve {{args.rollout}}")]
    [InlineData("\"args\":[{\"name\":\"rollout\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"creds\",\"key\":\"k\"}}}],", "Unable to resolve metric arguments: secrets \"creds\" not found")]
    public async Task Arguments_that_cannot_be_resolved_end_the_run_in_Error(string args, string message)
    {
        Start($$"""{"name":"m","provider":{{Web("http://127.0.0.1:1/x?r={{args.rollout}}")}}}""", args);
        await Reconcile();
        Assert.Equal(AnalysisPhase.Error, Phase);
        Assert.StartsWith(message, Message);
        Assert.Empty(_network.Requests);
    }

    [Theory]
    [InlineData("""{"name":"m","count":3,"provider":{"web":{"url":"http://127.0.0.1/"}}}""", "Analysis spec invalid: metrics[0]: interval must be specified when count > 1")]
    [InlineData("""{"name":"m","interval":"30","provider":{"web":{"url":"http://127.0.0.1/"}}}""", "Analysis spec invalid: metrics[0]: invalid interval string: time: missing unit in duration \"30\"")]
    [InlineData("""{"name":"m","provider":{}}""", "Analysis spec invalid: metrics[0]: no provider specified")]
    [InlineData("""{"name":"m","provider":{"web":{"url":"x"},"prometheus":{"query":"up"}}}""", "Analysis spec invalid: metrics[0]: multiple providers specified")]
    [InlineData("""{"name":"m","provider":{"web":{"url":"x"}}},{"name":"m","provider":{"web":{"url":"x"}}}""", "Analysis spec invalid: metrics[1]: duplicate name 'm'")]
    public async Task An_invalid_spec_ends_the_run_in_Error(string metrics, string message)
    {
        Start(metrics);
        await Reconcile();
        Assert.Equal((AnalysisPhase.Error, message), (Phase, Message));
    }

    [Fact]
    public async Task A_provider_the_simulation_does_not_run_gives_Error_measurements_that_say_so()
    {
        Start("""{"name":"p","provider":{"prometheus":{"address":"http://prometheus:9090","query":"up"}}}""");
        await Reconcile();
        Assert.Equal(AnalysisPhase.Running, Phase);
        Assert.Equal(AnalysisPhase.Error, Json.Str(Measurements()[0]!["phase"]));
        Assert.StartsWith("the simulated cluster does not run Argo's Prometheus metric provider (metric 'p')", Json.Str(Measurements()[0]!["message"]));
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(11));
            await Reconcile();
        }
        Assert.Equal(AnalysisPhase.Error, Phase);
    }

    [Fact]
    public async Task The_simulated_provider_measures_the_named_rollout_with_the_weight_engine()
    {
        Start("""{"name":"engine","provider":{"simulated":{"rollout":"missing"}}}""");
        await Reconcile();
        Assert.Equal(AnalysisPhase.Error, Json.Str(Measurements()[0]!["phase"]));
        Assert.Equal("rollout shop/missing not found in the simulated cluster", Json.Str(Measurements()[0]!["message"]));
    }
}
