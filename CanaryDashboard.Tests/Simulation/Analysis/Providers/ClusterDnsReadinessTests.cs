using CanaryDashboard.Simulation.Analysis.Providers;

namespace CanaryDashboard.Tests.Simulation.Analysis.Providers;

/// <summary>
/// The dashboard's Service in the simulated cluster routes only to a ready dashboard, as a
/// Kubernetes Service routes only to pods whose readiness probe passed: before that, Argo's web
/// provider gets a connection error (an Error measurement, retried), never an answer.
/// </summary>
public sealed class ClusterDnsReadinessTests
{
    private static readonly Uri Analyze = new("http://canary-dashboard.canary-dashboard.svc/analyze?namespace=shop&rollout=web");

    private static ClusterDns Dns(Func<bool> ready)
    {
        var dns = new ClusterDns
        {
            DashboardAddress = _ => Task.FromResult<Uri?>(new Uri("http://127.0.0.1:5000")),
            DashboardReady = ready,
        };
        dns.Map("canary-dashboard.canary-dashboard.svc", ClusterDns.Dashboard);
        return dns;
    }

    [Fact]
    public async Task A_dashboard_that_is_not_ready_is_a_connection_error_and_nothing_is_called()
    {
        var answer = await Dns(() => false).ResolveAsync(Analyze, CancellationToken.None);

        Assert.Null(answer.Target);
        Assert.Contains("connection refused", answer.Error);
    }

    [Fact]
    public async Task A_ready_dashboard_is_called_on_its_loopback_address()
    {
        var answer = await Dns(() => true).ResolveAsync(Analyze, CancellationToken.None);

        Assert.Null(answer.Error);
        Assert.Equal("http://127.0.0.1:5000/analyze?namespace=shop&rollout=web", answer.Target!.ToString());
    }
}
