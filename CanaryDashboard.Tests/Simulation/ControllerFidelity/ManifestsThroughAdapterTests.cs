using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// The whole path a user takes: a folder of Rollouts with status given as <c>Simulation:ManifestsPath</c>,
/// the simulated controller reconciling them, and the dashboard's adapter reading them over HTTP
/// (watch → cache → snapshot) as it does in Simulated mode.
/// </summary>
public sealed class ManifestsThroughAdapterTests : IAsyncLifetime
{
    private readonly string _manifests = Path.Combine(Path.GetTempPath(), "controller-fidelity", Guid.NewGuid().ToString("N"));
    private SimulatedClusterFixture _sim = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_manifests);
        await File.WriteAllTextAsync(Path.Combine(_manifests, "checkout.yaml"), LoadedCanaryTests.AbortedCheckout);
        await File.WriteAllTextAsync(Path.Combine(_manifests, "web.yaml"), LoadedCanaryTests.PausedWeb);
        var clock = new FakeTimeProvider(ControllerHarness.Start);
        _sim = await SimulatedClusterFixture.StartAsync(c =>
        {
            c.ManifestsPath = _manifests;
            c.TimeProvider = clock;
        });
        Assert.Empty(_sim.Cluster.Manifests!.Problems);
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            _sim.Cluster.Controller.ReconcileAll();
        }
        await _sim.StartWatchAsync();
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        try { Directory.Delete(_manifests, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Loaded_rollouts_keep_their_abort_and_pause_through_the_controller_and_the_adapter()
    {
        await Wait.UntilAsync(() => _sim.Watch.Get(new RolloutKey("shop", "checkout")) is not null && _sim.Watch.Get(new RolloutKey("shop", "web")) is not null,
            "both rollouts in the adapter's cache");

        var checkout = _sim.Watch.Get(new RolloutKey("shop", "checkout"))!;
        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/2", "0", "0"),
            (checkout.Status, checkout.Message, checkout.Step, checkout.SetWeight, checkout.ActualWeight));
        Assert.True(checkout.Aborted);
        Assert.Equal(("6d4b9c7f8", "58c9b7d5f"), (checkout.CanaryPodHash, checkout.StablePodHash));

        var web = _sim.Watch.Get(new RolloutKey("shop", "web"))!;
        Assert.Equal(("Paused", "CanaryPauseStep", "1/2", "20", "20"), (web.Status, web.Message, web.Step, web.SetWeight, web.ActualWeight));
        Assert.Equal(["registry.local/web:v3", "registry.local/web:v4"], web.Images.Select(i => i.Image));
    }
}
