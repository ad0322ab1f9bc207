using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// A real Prometheus (the Debian package's <c>/usr/bin/prometheus</c>) on 127.0.0.1 on a free port,
/// with its storage in a temp folder, scraping the given targets every second. Stopping kills its
/// process tree and deletes the folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _directory;

    private PrometheusServer(Process process, StringBuilder log, string directory, Uri baseAddress)
    {
        _process = process;
        _log = log;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public bool IsRunning => !_process.HasExited;

    /// <summary>What Prometheus printed so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<Uri> scrapeTargets, string name = "prometheus")
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: scripts/test.sh installs the Debian 'prometheus' package");
        // A free port can be taken between our probe and Prometheus binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(scrapeTargets, name);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (Exception) when (attempt < 3 && !server.IsRunning)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static PrometheusServer Launch(IReadOnlyList<Uri> scrapeTargets, string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)]);
        Directory.CreateDirectory(directory);
        var targets = string.Join(", ", scrapeTargets.Select(t => $"'{t.Host}:{t.Port}'"));
        // honor_labels: the workload's own job label names the service; without it Prometheus would
        // rename it to exported_job and put the scrape job's name in its place.
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: workload
                honor_labels: true
                static_configs:
                  - targets: [{targets}]
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={Path.Combine(directory, "prometheus.yml")}",
                     $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                     "--storage.tsdb.retention.time=1h",
                     "--web.console.templates=" + Path.Combine(directory, "consoles"),
                     "--web.console.libraries=" + Path.Combine(directory, "console_libraries"),
                 })
            start.ArgumentList.Add(argument);
        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, log, directory, new Uri($"http://127.0.0.1:{port}/"));
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (!IsRunning)
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"prometheus not ready within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    /// <summary>Waits until every scrape target is up (first scrape ~1–5 s after start).</summary>
    public Task WaitForTargetsUpAsync(TimeSpan timeout) =>
        WaitForScrapesAsync(DateTimeOffset.MinValue, timeout);

    /// <summary>Waits until every target is up and was last scraped at or after <paramref name="after"/>.</summary>
    public async Task WaitForScrapesAsync(DateTimeOffset after, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        var last = "(no answer yet)";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                using var document = JsonDocument.Parse(await http.GetStringAsync("api/v1/targets"));
                var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
                last = string.Join("; ", targets.Select(t => $"{t.GetProperty("scrapeUrl").GetString()} {t.GetProperty("health").GetString()} last {t.GetProperty("lastScrape").GetString()} {t.GetProperty("lastError").GetString()}"));
                if (targets.Count > 0 && targets.All(t => t.GetProperty("health").GetString() == "up"
                                                        && t.GetProperty("lastScrape").GetDateTimeOffset() >= after))
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or FormatException)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"targets not scraped after {after:O} within {timeout.TotalSeconds} s: {last}\n{Log}");
    }

    public async ValueTask StopAsync()
    {
        if (IsRunning)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder under tmp/ is harmless
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
