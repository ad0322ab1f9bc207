using CanaryDashboard.Configuration;

namespace CanaryDashboard.Tests.Simulation;

public sealed class SimulationOptionsValidationTests
{
    [Fact]
    public void Bad_simulation_settings_are_named_by_key()
    {
        var options = new CanaryDashboardOptions
        {
            Simulation = new SimulationOptions
            {
                Port = 70000,
                ControllerInterval = TimeSpan.FromMilliseconds(10),
                RequestsPerSecond = -1,
                ManifestsPath = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")),
                Scenarios = { ["just-a-name"] = CanaryDashboard.Simulation.Workload.TrafficScenario.NoTraffic },
                Dns = { ["bad.svc.cluster.local"] = "not a url", ["prometheus.svc"] = "http://127.0.0.1:9090", ["self.svc"] = "dashboard" },
            },
        };

        var result = new CanaryDashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Simulation:Port:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulation:ControllerInterval:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulation:RequestsPerSecond:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulation:ManifestsPath: folder not found", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulation:Scenarios:just-a-name:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulation:Dns:bad.svc.cluster.local: must be an http(s) base URL", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void The_default_simulation_settings_are_valid()
    {
        Assert.True(new CanaryDashboardOptionsValidator().Validate(null, new CanaryDashboardOptions()).Succeeded);
    }
}
