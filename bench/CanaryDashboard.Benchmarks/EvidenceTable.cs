using System.Diagnostics;
using System.Globalization;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tests.Engine.Evidence;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// The tables of <c>CanaryDashboard/Engine/README.md</c>, "Evidence": the seeded simulation of the
/// tests (<see cref="EvidenceSimulator"/>, linked from the test project) with more runs.
/// Run: <c>dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- evidence-table [runs]</c>.
/// </summary>
public static class EvidenceTable
{
    private static readonly SimulatedRule[] Rules =
        [SimulatedRule.Anytime, SimulatedRule.AnytimeWorseThanStable, SimulatedRule.OneLook, SimulatedRule.PointEstimate];

    public static void Run(int runs)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Seeded simulation, {runs} runs per row (detection rows: {runs / 2}); looks every 2 s; 15 min per rung.");
        Console.WriteLine("Columns per rule: anytime (default) | worse-than-stable rule | one-look intervals looked at every 2 s | point estimates (the engine before).");
        Console.WriteLine();

        Console.WriteLine("| healthy canary | false aborts: anytime | worse-than-stable | one-look | point estimates | within: share in 15 min | median | p90 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var rate in new[] { 1.0, 3, 10, 100 })
        {
            var results = Simulate(SimulatedRung.Healthy(rate), runs, 100_000, stopAtBreach: false);
            var within = Times(results, r => r.Within(SimulatedRule.Anytime));
            Console.WriteLine($"| {rate} req/s | {Share(results, SimulatedRule.Anytime)} | {Share(results, SimulatedRule.AnytimeWorseThanStable)} | " +
                              $"{Share(results, SimulatedRule.OneLook)} | {Share(results, SimulatedRule.PointEstimate)} | " +
                              $"{Percent(within.Count, results.Length)} | {Quantile(within, 0.5)} | {Quantile(within, 0.9)} |");
        }
        Console.WriteLine();

        Console.WriteLine("| canary within its thresholds, 15 min | aborted: anytime | worse-than-stable | one-look | point estimates |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, rung) in new (string, SimulatedRung)[]
                 {
                     ("p99 exactly +20 % at 10 req/s", SimulatedRung.Regressed(10, 1.20, 0)),
                     ("p99 exactly +20 % at 100 req/s", SimulatedRung.Regressed(100, 1.20, 0)),
                     ("errors exactly +2 pp at 10 req/s", SimulatedRung.Regressed(10, 1, 0.02)),
                     ("errors exactly +2 pp at 100 req/s", SimulatedRung.Regressed(100, 1, 0.02)),
                     ("p99 +10 % and errors +1 pp at 10 req/s", SimulatedRung.Regressed(10, 1.10, 0.01)),
                 })
        {
            var results = Simulate(rung, runs, 200_000, stopAtBreach: false);
            Console.WriteLine($"| {name} | {string.Join(" | ", Rules.Select(r => Share(results, r)))} |");
        }
        Console.WriteLine();

        Console.WriteLine("| regression | caught in 15 min, median / p90 time to abort: anytime | worse-than-stable | one-look | point estimates |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, rung) in new (string, SimulatedRung)[]
                 {
                     ("p99 +35 % at 10 req/s", SimulatedRung.Regressed(10, 1.35, 0)),
                     ("errors +3 pp at 10 req/s", SimulatedRung.Regressed(10, 1, 0.03)),
                     ("p99 +20 % at 10 req/s", SimulatedRung.Regressed(10, 1.20, 0)),
                     ("errors +1 pp at 10 req/s", SimulatedRung.Regressed(10, 1, 0.01)),
                     ("p99 +100 % at 10 req/s", SimulatedRung.Regressed(10, 2.0, 0)),
                     ("errors +10 pp at 10 req/s", SimulatedRung.Regressed(10, 1, 0.10)),
                     ("p99 +35 % at 100 req/s", SimulatedRung.Regressed(100, 1.35, 0)),
                     ("errors +3 pp at 100 req/s", SimulatedRung.Regressed(100, 1, 0.03)),
                 })
        {
            var results = Simulate(rung, runs / 2, 300_000, stopAtBreach: true);
            Console.WriteLine($"| {name} | {string.Join(" | ", Rules.Select(r => Caught(results, r)))} |");
        }
        Console.WriteLine();

        Console.WriteLine("| confidence | aborted on the threshold (errors +2 pp, 100 req/s) | p99 +35 % at 10 req/s: median time to abort | healthy at 10 req/s: median time to within |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var confidence in new[] { 0.8, 0.9, 0.95, 0.99 })
        {
            var evidence = new EvidenceParameters { Confidence = confidence };
            var onThreshold = Simulate(SimulatedRung.Regressed(100, 1, 0.02), runs / 2, 400_000, stopAtBreach: false, evidence, oneLook: false);
            var regressed = Times(Simulate(SimulatedRung.Regressed(10, 1.35, 0), runs / 2, 500_000, stopAtBreach: true, evidence, oneLook: false),
                r => r.Breach(SimulatedRule.Anytime));
            var healthy = Times(Simulate(SimulatedRung.Healthy(10), runs / 2, 600_000, stopAtBreach: false, evidence, oneLook: false),
                r => r.Within(SimulatedRule.Anytime));
            Console.WriteLine($"| {Percent(confidence, 1)} | {Share(onThreshold, SimulatedRule.Anytime)} | {Quantile(regressed, 0.5)} | {Quantile(healthy, 0.5)} |");
        }
        Console.WriteLine();

        Console.WriteLine("| power (80 %), 10 canary + 90 stable req/s | canary requests | time |");
        Console.WriteLine("|---|---|---|");
        var shape = EvidenceSimulator.ExpectedHistogram(100_000, 0.1, 0.5);
        var engine = EngineParameters.Default;
        foreach (var delta in new[] { 0.0, 0.35, 0.5, 1.0 })
            Row($"p99 {delta * 100:+0;-0;0} %", EvidencePower.Latency(shape, delta, 10, 90, engine));
        foreach (var delta in new[] { 0.0, 0.03, 0.05, 0.10 })
            Row($"errors {delta * 100:+0;-0;0} pp over 0.5 %", EvidencePower.ErrorRate(0.005, delta, 10, 90, engine));
        Console.WriteLine();
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:0} s)");

        static void Row(string what, PowerEstimate estimate) =>
            Console.WriteLine($"| {what} → {(estimate.Shows == EvidenceVerdict.Breach ? "breach" : "within")} | " +
                              $"{estimate.CanaryRequests?.ToString("#,0", CultureInfo.InvariantCulture) ?? "never"} | " +
                              $"{(estimate.Time is { } t ? Duration(t.TotalSeconds) : "never")} |");
    }

    private static SimulatedRun[] Simulate(SimulatedRung rung, int runs, int seed, bool stopAtBreach, EvidenceParameters? evidence = null, bool oneLook = true)
    {
        var simulator = new EvidenceSimulator(rung, EngineParameters.Default, evidence ?? EvidenceParameters.Default);
        var results = new SimulatedRun[runs];
        Parallel.For(0, runs, i => results[i] = simulator.Run(seed + i, stopAtBreach, oneLook));
        return results;
    }

    private static List<double> Times(SimulatedRun[] runs, Func<SimulatedRun, double?> time) =>
        runs.Select(time).Where(t => t is not null).Select(t => t!.Value).Order().ToList();

    private static string Share(SimulatedRun[] runs, SimulatedRule rule) =>
        $"{runs.Count(r => r.Breach(rule) is not null)}/{runs.Length}";

    private static string Caught(SimulatedRun[] runs, SimulatedRule rule)
    {
        var times = Times(runs, r => r.Breach(rule));
        return times.Count == 0 ? $"0/{runs.Length}" : $"{times.Count}/{runs.Length}, {Quantile(times, 0.5)} / {Quantile(times, 0.9)}";
    }

    private static string Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? "–" : Duration(sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))]);

    private static string Duration(double seconds) =>
        seconds < 120 ? $"{seconds:0} s" : $"{seconds / 60:0.#} min";

    private static string Percent(double part, double whole) => (part / whole * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
