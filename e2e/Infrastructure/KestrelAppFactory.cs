using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CanaryDashboard.E2E.Infrastructure;

/// <summary>
/// Starts the real dashboard on a real Kestrel server bound to 127.0.0.1 on a free port, with
/// its data folder in the test's temp directory, so Chromium can reach it over loopback.
/// </summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public KestrelAppFactory(IDictionary<string, string?>? settings = null)
    {
        DataPath = Path.Combine(Path.GetTempPath(), "canary-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Storage:DataPath"] = DataPath,
            ["Urls"] = "http://127.0.0.1:0",
        };
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DataPath { get; }

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
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        // A safety net only: tests close their pages first (BrowserFixture.ClosePagesAsync), so
        // stopping never waits on a circuit's open connection.
        builder.ConfigureServices(s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
    }
}
