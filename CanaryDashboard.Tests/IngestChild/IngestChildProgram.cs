using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CanaryDashboard.IngestChild;

/// <summary>
/// The crash test's victim: opens the history database in the given folder through the app's own
/// storage services and ingests numbered batches (<see cref="RolloutsPerBatch"/> samples and one
/// decision each, the batch number in StepIndex and in the decision's rule) until it is killed,
/// printing "committed N" for every batch once its transaction has committed.
/// A class with Main (not top-level statements) so its Program does not clash with the app's.
/// </summary>
public static class IngestChildProgram
{
    public const int RolloutsPerBatch = 20;

    public static async Task<int> Main(string[] args)
    {
        if (args is not [var dataPath])
        {
            Console.Error.WriteLine("usage: CanaryDashboard.IngestChild <data folder>");
            return 2;
        }

        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System);
        services.AddOptions<CanaryDashboardOptions>().Configure(o =>
        {
            o.Storage.DataPath = dataPath;
            o.Storage.Retention.FlushInterval = TimeSpan.Zero;
            o.Storage.Retention.BatchSize = 10 * (RolloutsPerBatch + 1);
            o.Storage.Retention.QueueCapacity = 50;
        });
        services.AddStorage();
        await using var provider = services.BuildServiceProvider();
        using var stop = new CancellationTokenSource();

        await provider.GetRequiredService<DatabaseInitializer>().StartAsync(stop.Token);
        var writer = provider.GetRequiredService<HistoryWriter>();
        var numbers = new Dictionary<HistoryBatch, long>(ReferenceEqualityComparer.Instance);
        writer.Committed += commit =>
        {
            lock (numbers)
            {
                foreach (var batch in commit.Batches)
                    Console.Out.WriteLine($"committed {numbers[batch]}");
            }
            Console.Out.Flush();
        };
        await writer.StartAsync(stop.Token);
        Console.Out.WriteLine("ready");

        var start = DateTimeOffset.UtcNow;
        for (long n = 1; ; n++)
        {
            var batch = Batch(n, start.AddSeconds(n));
            lock (numbers)
                numbers[batch] = n;
            // Keep the queue full without dropping: what is enqueued is what must survive or vanish whole.
            while (!writer.TryEnqueue(batch))
                await Task.Delay(1);
        }
    }

    private static HistoryBatch Batch(long n, DateTimeOffset at)
    {
        var engine = WeightEngine.EvaluateDeltas(0.05, 0.001, EngineParameters.Default);
        var samples = Enumerable.Range(0, RolloutsPerBatch).Select(i => new SampleRecord(
            new RolloutKey("crash", $"r{i}"), at,
            new VersionMetrics(0.120 + i / 1000.0, 0.01, 100, 500, new PoolGauges(10, 2, 50)),
            new VersionMetrics(0.110, 0.009, 900, 4500, new PoolGauges(40, 8, 50)),
            engine, 10, 10, (int)n, new RunObservation("rev-1", RunOutcome.Running))).ToList();
        var decision = new DecisionRecord(new RolloutKey("crash", "r0"), at, RolloutPolicy.Auto, engine, $"batch {n}", DecisionAction.Hold);
        return new HistoryBatch(samples, [decision]);
    }
}
