using System.Globalization;
using CanaryDashboard.Tests.PrometheusTesting;
using static CanaryDashboard.Tests.PrometheusTesting.CannedPrometheus;

namespace CanaryDashboard.Tests.AnalyzeContract;

/// <summary>
/// The real app (in memory, Prometheus metrics, no poller, no seeded rollouts) reading a canned
/// Prometheus whose answers a test sets, with a 1 s Prometheus timeout so a hanging query is a
/// timeout quickly. <see cref="Answers"/> gives the canned answers of each case of /analyze.
/// </summary>
public sealed class AnalyzeAppWithCannedPrometheus : IAsyncLifetime
{
    public const string Namespace = "shop";
    public const string Rollout = "checkout";

    public CannedPrometheus Prometheus { get; private set; } = null!;
    public AnalyzeAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Prometheus = await CannedPrometheus.StartAsync();
        App = NewApp();
    }

    /// <summary>Another app on the same canned Prometheus, with <paramref name="overrides"/> over the base settings.</summary>
    public AnalyzeAppFactory NewApp(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Prometheus:BaseUrl"] = Prometheus.BaseAddress.ToString(),
            ["Prometheus:Timeout"] = "00:00:01",
            ["Polling:Enabled"] = "false",
            ["Simulation:SeedExampleRollouts"] = "false",
        };
        foreach (var (key, value) in overrides) settings[key] = value;
        return new AnalyzeAppFactory(settings);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Prometheus.DisposeAsync();
    }

    /// <summary>Canned answers for shop/checkout (job checkout), by the query each request carries.</summary>
    public static class Answers
    {
        /// <summary>Within every threshold: p99 +0.7 %, errors +0, thousands of requests each.</summary>
        public static CannedAnswer Healthy(string query) =>
            Counted(query, (20_000, 0.150, 0.005), (180_000, 0.149, 0.005)) ?? Metrics(query, p99: ("0.150", "0.149"), errors: ("0.005", "0.005"), requests: ("3000", "27000"));

        /// <summary>
        /// p99 +25 % (0.18625 s against 0.149 s), 20,000 canary requests: shown above 10 % (the 10 ms buckets near the
        /// p99 bound the interval to about [+20 %, +33 %]).
        /// </summary>
        public static CannedAnswer QuarterSlower(string query) =>
            Counted(query, (20_000, 0.18625, 0.005), (180_000, 0.149, 0.005)) ?? Metrics(query, p99: ("0.18625", "0.149"), errors: ("0.005", "0.005"), requests: ("3000", "27000"));

        /// <summary>p99 +168 % (0.4 s against 0.149 s): above the 20 % threshold.</summary>
        public static CannedAnswer LatencyBreach(string query) =>
            Counted(query, (20_000, 0.4, 0.005), (180_000, 0.149, 0.005)) ?? Metrics(query, p99: ("0.4", "0.149"), errors: ("0.005", "0.005"), requests: ("3000", "27000"));

        /// <summary>10 canary requests in the window, under Engine:MinRequests (50).</summary>
        public static CannedAnswer FewCanaryRequests(string query) =>
            Counted(query, (10, 0.150, 0), (180_000, 0.149, 0.005)) ?? Metrics(query, p99: ("0.150", "0.149"), errors: ("0", "0.005"), requests: ("10", "27000"));

        /// <summary>Prometheus down behind its Service or proxy: every query, the existence one too, is a 503.</summary>
        public static CannedAnswer Down(string query) => new(503, "no healthy upstream", ContentType: "text/plain");

        /// <summary>The rollout exists, but the metric queries hang past Prometheus:Timeout.</summary>
        public static CannedAnswer QueriesHang(string query) =>
            IsExistence(query) ? Existing(query) : new(200, Vector(), Delay: TimeSpan.FromSeconds(30));

        /// <summary>Everything hangs (for the Analyze:Deadline case, with a long Prometheus:Timeout).</summary>
        public static CannedAnswer Hang(string query) => new(200, Vector(), Delay: TimeSpan.FromMinutes(2));

        /// <summary>Prometheus gives up on the p99 query (422 execution error); the others answer.</summary>
        public static CannedAnswer P99QueryFails(string query) =>
            query.StartsWith("histogram_quantile", StringComparison.Ordinal)
                ? new(422, Error("execution", "query timed out in expression evaluation"))
                : Healthy(query);

        /// <summary>Prometheus answers, and has no series of this rollout at all.</summary>
        public static CannedAnswer NoSuchRollout(string query) => new(200, Vector());

        private static bool IsExistence(string query) => query.StartsWith("count by", StringComparison.Ordinal);

        private static CannedAnswer Existing(string query) => new(200, Vector((Rollout, "v2-canary", "3"), (Rollout, "v1-stable", "3")));

        private static CannedAnswer Metrics(string query, (string Canary, string Stable) p99, (string Canary, string Stable) errors, (string Canary, string Stable) requests)
        {
            if (IsExistence(query))
                return Existing(query);
            var (canary, stable) =
                query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? p99
                : query.Contains("5..", StringComparison.Ordinal) ? errors
                : query.Contains("increase(", StringComparison.Ordinal) ? requests
                : (Rate(requests.Canary), Rate(requests.Stable));   // requests per second over the 5m window
            return new(200, Vector((Rollout, "v2-canary", canary), (Rollout, "v1-stable", stable)));
        }

        /// <summary>
        /// The counter queries (read at the instant, no rate window): at the window's start (<c>@</c>) every counter
        /// is 0; now, each version's requests, errors (that share of them) and latency buckets from a log-normal
        /// (σ 0.5) with the given p99, through the workload's buckets. Null for any other query.
        /// </summary>
        private static CannedAnswer? Counted(string query, (double Requests, double P99, double ErrorRate) canary, (double Requests, double P99, double ErrorRate) stable)
        {
            if (IsExistence(query) || query.Contains("rate(", StringComparison.Ordinal) || query.Contains("increase(", StringComparison.Ordinal)
                || query.StartsWith("histogram_quantile", StringComparison.Ordinal))
                return null;
            var atStart = query.Contains(" @ ", StringComparison.Ordinal);
            var samples = new List<string>();
            foreach (var (version, v) in new[] { ("v2-canary", canary), ("v1-stable", stable) })
            {
                var requests = atStart ? 0 : v.Requests;
                if (query.Contains("_bucket", StringComparison.Ordinal))
                {
                    var histogram = Engine.Evidence.EvidenceSimulator.ExpectedHistogram(requests, v.P99 / Math.Exp(2.3263 * 0.5), 0.5);
                    for (var i = 0; i < histogram.FiniteBounds.Count; i++)
                        samples.Add(Sample(version, histogram.CumulativeCounts[i], histogram.FiniteBounds[i].ToString("R", CultureInfo.InvariantCulture)));
                    samples.Add(Sample(version, requests, "+Inf"));
                }
                else
                    samples.Add(Sample(version, query.Contains("5..", StringComparison.Ordinal) ? requests * v.ErrorRate : requests));
            }
            return new(200, Success("vector", string.Join(",", samples)));

            static string Sample(string version, double value, string? le = null)
            {
                var labels = $"\"job\":\"{Rollout}\",\"version\":\"{version}\"" + (le is null ? "" : $",\"le\":\"{le}\"");
                return "{\"metric\":{" + labels + "},\"value\":[1700000000,\"" + value.ToString("R", CultureInfo.InvariantCulture) + "\"]}";
            }
        }

        private static string Rate(string requests) =>
            (double.Parse(requests, System.Globalization.CultureInfo.InvariantCulture) / 300).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
