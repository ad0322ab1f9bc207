using CanaryDashboard.Parameters;
using System.Text.Json.Nodes;
using CanaryDashboard.Analyze;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Tests.PrometheusTesting;
using static CanaryDashboard.Tests.AnalyzeContract.AnalyzeAppWithCannedPrometheus;

namespace CanaryDashboard.Tests.AnalyzeContract;

/// <summary>
/// Holds every <c>/analyze</c> answer of the running app against Argo's evaluation rules: the real
/// HTTP answer goes through the simulated Argo's web provider (webmetric.go: a non-2xx answer is an
/// Error), the shipped template's conditions (evaluate.go: both set, so neither is Inconclusive)
/// and the run assessment (analysis.go: failureLimit, inconclusiveLimit, consecutiveErrorLimit).
/// Only a verdict may be Successful or Failed; too little data, every kind of outage, an unknown
/// rollout and a malformed request must be Inconclusive (Argo pauses), never Failed, never Error.
/// </summary>
public sealed class AnalyzeAnswersUnderArgoRulesTests(AnalyzeAppWithCannedPrometheus fixture) : IClassFixture<AnalyzeAppWithCannedPrometheus>
{
    /// <summary>One situation: Prometheus's answers, the rollout asked about, and settings of its own app if it needs them.</summary>
    private sealed record Case(Func<string, CannedAnswer> Prometheus, string Rollout = Rollout, string Namespace = Namespace, (string, string)[]? OwnApp = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["healthy canary"] = new(Answers.Healthy),
        ["latency breach"] = new(Answers.LatencyBreach),
        ["too few canary requests"] = new(Answers.FewCanaryRequests),
        ["Prometheus answers 503"] = new(Answers.Down),
        ["Prometheus unreachable"] = new(Answers.Healthy, OwnApp: [("Prometheus:BaseUrl", $"http://127.0.0.1:{ClosedPort()}")]),
        ["metric queries time out"] = new(Answers.QueriesHang),
        ["one query fails"] = new(Answers.P99QueryFails),
        ["Analyze:Deadline passes"] = new(Answers.Hang, OwnApp: [("Prometheus:Timeout", "00:01:00"), ("Analyze:Deadline", "00:00:01")]),
        ["unknown rollout"] = new(Answers.NoSuchRollout, Rollout: "no-such-service"),
        ["malformed namespace"] = new(Answers.Healthy, Namespace: "Shop"),
    };

    public static TheoryData<string, string, string, string> AnswerPhases => new()
    {
        // case                       body status                      Argo's measurement         the shipped template's run
        { "healthy canary",           AnalyzeAnswer.Proceed,           AnalysisPhase.Successful,   AnalysisPhase.Running },
        { "latency breach",           AnalyzeAnswer.Breach,            AnalysisPhase.Failed,       AnalysisPhase.Failed },
        { "too few canary requests",  AnalyzeAnswer.InsufficientData,  AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "Prometheus answers 503",   AnalyzeAnswer.Unavailable,       AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "Prometheus unreachable",   AnalyzeAnswer.Unavailable,       AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "metric queries time out",  AnalyzeAnswer.Unavailable,       AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "one query fails",          AnalyzeAnswer.Unavailable,       AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "Analyze:Deadline passes",  AnalyzeAnswer.Unavailable,       AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "unknown rollout",          AnalyzeAnswer.UnknownRollout,    AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
        { "malformed namespace",      AnalyzeAnswer.BadRequest,        AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive },
    };

    [Theory]
    [MemberData(nameof(AnswerPhases))]
    public async Task Each_answer_is_judged_by_the_shipped_template_as_Argo_judges_it(string situation, string status, string measurementPhase, string runPhase)
    {
        var @case = Cases[situation];
        fixture.Prometheus.Answer = @case.Prometheus;
        await using var ownApp = @case.OwnApp is { } settings ? fixture.NewApp(settings) : null;
        using var argo = new ArgoAnalysisOfApp((ownApp ?? fixture.App).Server.CreateHandler(), ShippedAnalysisTemplate.Run(@case.Namespace, @case.Rollout));

        var measurement = await argo.MeasureAsync();

        // A 2xx JSON body whose status the conditions judged; an Error would carry no value and webmetric's message.
        Assert.True(measurement.Phase == measurementPhase, $"{situation}: {measurement.Phase} ({measurement.Message}), expected {measurementPhase}; value {measurement.Value}");
        var body = JsonNode.Parse(measurement.Value!)!;
        Assert.Equal(status, (string?)body["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["reason"]), "the answer says why, in the measurement Argo keeps");
        Assert.Equal(runPhase, argo.Phase);
        Assert.Equal(0, argo.Metric.Error);

        // Every answer about a rollout records the engine parameters it used and where they came from.
        if (status == AnalyzeAnswer.BadRequest)
        {
            Assert.Null(body["parameters"]);   // nothing was judged
            Assert.Contains("namespace: 'Shop'", (string?)body["reason"]);
        }
        else
        {
            Assert.Equal(0.2, (double)body["parameters"]!["latencyThreshold"]!);
            Assert.Equal(ParameterOrigin.Configuration, (string?)body["profile"]!["source"]);
        }
    }

    [Fact]
    public async Task The_shipped_template_pauses_on_the_first_answer_without_a_verdict_with_Argos_message()
    {
        fixture.Prometheus.Answer = Answers.Down;
        using var argo = new ArgoAnalysisOfApp(fixture.App.Server.CreateHandler(), ShippedAnalysisTemplate.Run(Namespace, Rollout));

        await argo.MeasureAsync();

        Assert.Equal(AnalysisPhase.Inconclusive, argo.Phase);   // rollout/analysis.go: pause InconclusiveAnalysisRun, no abort
        Assert.Equal("Metric \"safe-weight\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)", argo.Message);
        Assert.Contains("\"status\":\"unavailable\"", argo.LastMeasurement.Value);
    }

    [Fact]
    public async Task Five_outage_answers_in_a_row_end_the_run_Inconclusive_never_Error()
    {
        // Argo's default consecutiveErrorLimit (4): five 503s in a row would end this run in Error and abort the rollout.
        // inconclusiveLimit 4 so that the run lasts the five answers (the shipped 0 pauses at the first).
        using var argo = new ArgoAnalysisOfApp(fixture.App.Server.CreateHandler(), ShippedAnalysisTemplate.Run(Namespace, Rollout, m =>
        {
            m["consecutiveErrorLimit"] = 4;
            m["inconclusiveLimit"] = 4;
        }));
        Func<string, CannedAnswer>[] outages = [Answers.Down, Answers.QueriesHang, Answers.P99QueryFails, Answers.Down, Answers.QueriesHang];

        foreach (var (outage, i) in outages.Select((o, i) => (o, i + 1)))
        {
            fixture.Prometheus.Answer = outage;
            var measurement = await argo.MeasureAsync();
            Assert.Equal(AnalysisPhase.Inconclusive, measurement.Phase);
            Assert.Equal((i, 0, 0), (argo.Metric.Inconclusive, argo.Metric.Error, argo.Metric.ConsecutiveError));
            Assert.Equal(i < 5 ? AnalysisPhase.Running : AnalysisPhase.Inconclusive, argo.Phase);
        }
        Assert.Equal("Metric \"safe-weight\" assessed Inconclusive due to inconclusive (5) > inconclusiveLimit (4)", argo.Message);
    }

    [Fact]
    public async Task Proceed_keeps_the_run_going_and_a_single_breach_fails_it()
    {
        using var argo = new ArgoAnalysisOfApp(fixture.App.Server.CreateHandler(), ShippedAnalysisTemplate.Run(Namespace, Rollout));

        fixture.Prometheus.Answer = Answers.Healthy;
        for (var i = 1; i <= 3; i++)
        {
            await argo.MeasureAsync();
            Assert.Equal((AnalysisPhase.Running, i), (argo.Phase, argo.Metric.ConsecutiveSuccess));   // no count: runs until the rollout ends it
        }
        fixture.Prometheus.Answer = Answers.LatencyBreach;
        await argo.MeasureAsync();

        Assert.Equal(AnalysisPhase.Failed, argo.Phase);   // rollout/analysis.go: abort
        Assert.Equal("Metric \"safe-weight\" assessed Failed due to failed (1) > failureLimit (0)", argo.Message);
    }

    [Fact]
    public async Task The_failure_limit_counts_breaches_whatever_answers_come_between()
    {
        using var argo = new ArgoAnalysisOfApp(fixture.App.Server.CreateHandler(), ShippedAnalysisTemplate.Run(Namespace, Rollout, m =>
        {
            m["failureLimit"] = 1;
            m["inconclusiveLimit"] = 2;
        }));
        (Func<string, CannedAnswer> Answer, string RunPhase)[] sequence =
        [
            (Answers.LatencyBreach, AnalysisPhase.Running),        // failed 1, not > 1
            (Answers.FewCanaryRequests, AnalysisPhase.Running),    // inconclusive 1
            (Answers.Healthy, AnalysisPhase.Running),
            (Answers.Down, AnalysisPhase.Running),                 // inconclusive 2, not > 2
            (Answers.LatencyBreach, AnalysisPhase.Failed),         // failed 2 > 1
        ];

        foreach (var (answer, runPhase) in sequence)
        {
            fixture.Prometheus.Answer = answer;
            await argo.MeasureAsync();
            Assert.Equal(runPhase, argo.Phase);
        }
        Assert.Equal((2, 2, 1, 0), (argo.Metric.Failed, argo.Metric.Inconclusive, argo.Metric.Successful, argo.Metric.Error));
        Assert.Equal("Metric \"safe-weight\" assessed Failed due to failed (2) > failureLimit (1)", argo.Message);
    }

    [Fact]
    public async Task Only_an_unreachable_dashboard_is_an_Error_and_the_shipped_template_tolerates_12_in_a_row()
    {
        using var unreachable = new UnreachableHandler();
        using var argo = new ArgoAnalysisOfApp(unreachable, ShippedAnalysisTemplate.Run(Namespace, Rollout));
        var limit = (int)(long)ShippedAnalysisTemplate.Spec()["metrics"]![0]!["consecutiveErrorLimit"]!;
        Assert.Equal(12, limit);

        var start = argo.Clock.GetUtcNow();
        for (var i = 1; i <= limit; i++)
        {
            Assert.Equal(AnalysisPhase.Error, (await argo.MeasureAsync()).Phase);
            Assert.Equal(AnalysisPhase.Running, argo.Phase);
        }
        await argo.MeasureAsync();

        Assert.Equal(AnalysisPhase.Error, argo.Phase);   // aborts, about two minutes after the first failed call (retried every 10 s)
        Assert.InRange(argo.Clock.GetUtcNow() - start, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(150));
        Assert.StartsWith("Metric \"safe-weight\" assessed Error due to consecutiveErrors (13) > consecutiveErrorLimit (12)", argo.Message);
    }

    /// <summary>A dashboard that cannot be reached: the connection is refused.</summary>
    private sealed class UnreachableHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("dial tcp 10.96.0.10:80: connect: connection refused");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;   // closed again on dispose
    }
}
