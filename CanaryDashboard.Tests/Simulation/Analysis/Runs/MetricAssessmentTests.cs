using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.Runs;

namespace CanaryDashboard.Tests.Simulation.Analysis.Runs;

/// <summary>A metric's phase from its counters and limits, as analysis/analysis.go assessMetricStatus, limit by limit.</summary>
public sealed class MetricAssessmentTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static MetricSpec Metric(string json = "{}")
    {
        var metric = JsonNode.Parse(json)!.AsObject();
        metric["name"] ??= "m";
        metric["provider"] ??= new JsonObject { ["web"] = new JsonObject { ["url"] = "http://127.0.0.1/" } };
        return new MetricSpec(metric);
    }

    /// <summary>A result after these measurements, counted as runMeasurements counts them.</summary>
    private static MetricResult After(params string[] phases)
    {
        var result = new MetricResult { Name = "m" };
        foreach (var phase in phases)
        {
            result.Measurements.Add(new Measurement(phase, At, At));
            result.Record(phase);
        }
        return result;
    }

    private static string Assess(MetricSpec metric, MetricResult result, bool terminating = false) =>
        MetricAssessment.Assess(metric, result, terminating);

    [Fact]
    public void Counters_move_as_Argo_counts_measurements()
    {
        var result = After(AnalysisPhase.Successful, AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Failed, AnalysisPhase.Inconclusive, AnalysisPhase.Successful);
        Assert.Equal((4, 2, 1, 1, 2), (result.Count, result.Successful, result.Failed, result.Inconclusive, result.Error));
        Assert.Equal((0, 1), (result.ConsecutiveError, result.ConsecutiveSuccess));
        var errors = After(AnalysisPhase.Successful, AnalysisPhase.Error, AnalysisPhase.Error);
        Assert.Equal((1, 2, 0), (errors.Count, errors.ConsecutiveError, errors.ConsecutiveSuccess));   // an Error is not counted in Count
    }

    [Fact]
    public void No_measurement_yet_is_Pending_and_Successful_once_terminating()
    {
        Assert.Equal(AnalysisPhase.Pending, Assess(Metric(), After()));
        Assert.Equal(AnalysisPhase.Successful, Assess(Metric(), After(), terminating: true));
    }

    [Fact]
    public void A_measurement_in_flight_keeps_the_metric_Running()
    {
        var result = After();
        result.Measurements.Add(new Measurement(AnalysisPhase.Running, At));
        Assert.Equal(AnalysisPhase.Running, Assess(Metric(), result));
    }

    [Fact]
    public void The_default_failure_limit_is_0_so_one_failure_fails_the_metric()
    {
        Assert.Equal(AnalysisPhase.Failed, Assess(Metric("""{"interval":"30s"}"""), After(AnalysisPhase.Failed)));
        Assert.Equal(("Failed", "failed (1) > failureLimit (0)"), MetricAssessment.FailureInconclusiveOrError(Metric(), After(AnalysisPhase.Failed)));
    }

    [Fact]
    public void A_failure_limit_allows_that_many_failures()
    {
        var metric = Metric("""{"interval":"30s","failureLimit":2}""");
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(AnalysisPhase.Failed, AnalysisPhase.Failed)));
        Assert.Equal(AnalysisPhase.Failed, Assess(metric, After(AnalysisPhase.Failed, AnalysisPhase.Failed, AnalysisPhase.Failed)));
    }

    [Fact]
    public void A_failure_limit_of_minus_1_ignores_failures()
    {
        var metric = Metric("""{"interval":"30s","failureLimit":-1,"consecutiveSuccessLimit":2}""");
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(AnalysisPhase.Failed, AnalysisPhase.Failed, AnalysisPhase.Failed)));
    }

    [Fact]
    public void The_default_inconclusive_limit_is_0_and_a_limit_allows_that_many()
    {
        Assert.Equal(AnalysisPhase.Inconclusive, Assess(Metric("""{"interval":"30s"}"""), After(AnalysisPhase.Inconclusive)));
        var metric = Metric("""{"interval":"30s","inconclusiveLimit":1}""");
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(AnalysisPhase.Inconclusive)));
        Assert.Equal(AnalysisPhase.Inconclusive, Assess(metric, After(AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive)));
        Assert.Equal("inconclusive (2) > inconclusiveLimit (1)", MetricAssessment.FailureInconclusiveOrError(metric, After(AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive)).Message);
    }

    [Fact]
    public void The_default_consecutive_error_limit_is_4_so_the_fifth_error_in_a_row_is_an_Error()
    {
        var metric = Metric("""{"interval":"30s"}""");
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(Enumerable.Repeat(AnalysisPhase.Error, 4).ToArray())));
        var five = After(Enumerable.Repeat(AnalysisPhase.Error, 5).ToArray());
        Assert.Equal(AnalysisPhase.Error, Assess(metric, five));
        Assert.Equal("consecutiveErrors (5) > consecutiveErrorLimit (4)", MetricAssessment.FailureInconclusiveOrError(metric, five).Message);
        // Errors that are not in a row do not add up.
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Successful,
            AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Error)));
        Assert.Equal(AnalysisPhase.Error, Assess(Metric("""{"interval":"30s","consecutiveErrorLimit":0}"""), After(AnalysisPhase.Error)));
    }

    [Fact]
    public void When_several_limits_are_crossed_the_later_test_wins_error_over_inconclusive_over_failed()
    {
        var metric = Metric("""{"interval":"30s","consecutiveErrorLimit":0}""");
        Assert.Equal(AnalysisPhase.Error, Assess(metric, After(AnalysisPhase.Failed, AnalysisPhase.Inconclusive, AnalysisPhase.Error)));
        Assert.Equal(AnalysisPhase.Inconclusive, Assess(Metric("""{"interval":"30s"}"""), After(AnalysisPhase.Failed, AnalysisPhase.Inconclusive)));
    }

    [Fact]
    public void No_count_and_no_interval_is_one_measurement()
    {
        var metric = Metric();
        Assert.Equal(1, metric.EffectiveCount);
        Assert.Equal(AnalysisPhase.Successful, Assess(metric, After(AnalysisPhase.Successful)));
    }

    [Fact]
    public void A_count_ends_the_metric_Successful_once_reached()
    {
        var metric = Metric("""{"interval":"30s","count":3,"failureLimit":1}""");
        Assert.Equal(AnalysisPhase.Running, Assess(metric, After(AnalysisPhase.Successful, AnalysisPhase.Failed)));
        Assert.Equal(AnalysisPhase.Successful, Assess(metric, After(AnalysisPhase.Successful, AnalysisPhase.Failed, AnalysisPhase.Successful)));
    }

    [Fact]
    public void An_interval_without_a_count_runs_until_terminated()
    {
        var metric = Metric("""{"interval":"30s"}""");
        Assert.Null(metric.EffectiveCount);
        var many = After(Enumerable.Repeat(AnalysisPhase.Successful, 50).ToArray());
        Assert.Equal(AnalysisPhase.Running, Assess(metric, many));
        Assert.Equal(AnalysisPhase.Successful, Assess(metric, many, terminating: true));
    }

    [Fact]
    public void A_consecutive_success_limit_ends_the_metric_Successful_and_its_absence_at_the_count_is_Inconclusive_or_Failed()
    {
        var metric = Metric("""{"interval":"30s","count":4,"consecutiveSuccessLimit":2,"failureLimit":2}""");
        Assert.Equal(AnalysisPhase.Successful, Assess(metric, After(AnalysisPhase.Failed, AnalysisPhase.Successful, AnalysisPhase.Successful)));
        Assert.Equal(AnalysisPhase.Inconclusive, Assess(metric, After(AnalysisPhase.Successful, AnalysisPhase.Failed, AnalysisPhase.Successful, AnalysisPhase.Failed)));
        var successOnly = Metric("""{"interval":"30s","count":3,"consecutiveSuccessLimit":2,"failureLimit":-1}""");
        Assert.Equal(AnalysisPhase.Failed, Assess(successOnly, After(AnalysisPhase.Successful, AnalysisPhase.Failed, AnalysisPhase.Successful)));
    }

    [Fact]
    public void A_completed_metric_keeps_its_phase()
    {
        var result = After(AnalysisPhase.Successful);
        result.Phase = AnalysisPhase.Failed;
        Assert.Equal(AnalysisPhase.Failed, Assess(Metric(), result));
    }

    [Fact]
    public void Argo_orders_phases_best_to_worst()
    {
        string[] order = [AnalysisPhase.Successful, AnalysisPhase.Running, AnalysisPhase.Pending, AnalysisPhase.Inconclusive, AnalysisPhase.Error, AnalysisPhase.Failed];
        for (var i = 1; i < order.Length; i++)
        {
            Assert.True(AnalysisPhase.IsWorse(order[i - 1], order[i]), $"{order[i]} is worse than {order[i - 1]}");
            Assert.False(AnalysisPhase.IsWorse(order[i], order[i - 1]));
        }
    }
}
