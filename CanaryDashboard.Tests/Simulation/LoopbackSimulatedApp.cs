using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>
/// The real app in Simulated mode on Kestrel at 127.0.0.1:0, so the simulated Argo's web provider can
/// call its <c>/analyze</c> over HTTP as a cluster would; its data under <paramref name="dataPath"/>,
/// the poller off unless a test turns it on, and the test's own settings on top.
/// </summary>
public sealed class LoopbackSimulatedApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public LoopbackSimulatedApp(string dataPath, IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = dataPath,
            ["Cluster:Mode"] = "Simulated",
            ["Cluster:KubeconfigPath"] = "",
            ["Urls"] = "http://127.0.0.1:0",
            ["Polling:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }
}
