using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.PageBench;

/// <summary>The real app on Kestrel, 127.0.0.1 and a free port, Simulated cluster, data under TMPDIR.</summary>
internal sealed class PageBenchApp : WebApplicationFactory<Program>
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "canary-pagebench-" + Guid.NewGuid().ToString("N")[..8]);

    public PageBenchApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _dataPath,
            ["Urls"] = "http://127.0.0.1:0",
            ["Cluster:Mode"] = "Simulated",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Polling:Enabled"] = "false",   // the harness is the only publisher: its sample times are the ones measured
        }));
    }
}
