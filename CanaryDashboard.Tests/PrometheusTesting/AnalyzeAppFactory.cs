using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace CanaryDashboard.Tests.PrometheusTesting;

/// <summary>
/// The real dashboard app in memory (TestServer), with its data folder in a temp directory and the
/// given settings layered over appsettings.json, as <c>--Section:Key=value</c> would be. Shared by
/// the /analyze, metrics-source and engine API tests.
/// </summary>
public sealed class AnalyzeAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public AnalyzeAppFactory(IDictionary<string, string?>? settings = null)
    {
        DataPath = Path.Combine(Path.GetTempPath(), "canary-tests-" + Guid.NewGuid().ToString("N")[..8]);
        // Prometheus answers even though the (default) simulated cluster runs beside it.
        _settings = new Dictionary<string, string?> { ["Metrics:Source"] = "Prometheus" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        _settings["Storage:DataPath"] = DataPath;
    }

    public string DataPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
