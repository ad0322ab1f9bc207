using System.Collections.Concurrent;
using System.Net;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// The simulated cluster's DNS for the web metric provider: in-cluster host names (a Service's
/// <c>name.namespace.svc.cluster.local</c>) map to base URLs on this machine. The chart's example
/// AnalysisTemplate host (and its shorter forms) maps to <see cref="Dashboard"/>: this dashboard's
/// own listening address, known only once the app has started, so it is asked for lazily through
/// <see cref="DashboardAddress"/>. A literal IP or <c>localhost</c> needs no entry. Whatever a URL
/// resolves to must be a loopback address: the simulation never calls anything else
/// (<see cref="LoopbackHttp"/> enforces it again when connecting).
/// </summary>
public sealed class ClusterDns
{
    /// <summary>The value that maps a host to the dashboard hosting this simulated cluster.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>The chart's example AnalysisTemplate URL host (deploy/helm/canary-dashboard/examples/analysis-template.yaml) and what a pod's resolver would also accept.</summary>
    public static readonly IReadOnlyList<string> DashboardHostNames =
    [
        "canary-dashboard.canary-dashboard.svc.cluster.local",
        "canary-dashboard.canary-dashboard.svc",
        "canary-dashboard.canary-dashboard",
    ];

    public const string LoopbackOnly = "the simulated cluster calls only loopback addresses";

    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.OrdinalIgnoreCase);

    public ClusterDns()
    {
        foreach (var host in DashboardHostNames)
            _entries[host] = Dashboard;
    }

    /// <summary>
    /// The dashboard's loopback base URL (e.g. <c>http://127.0.0.1:5000</c>), or null when it does not
    /// listen on one. Set by the app that hosts the cluster; may wait for the app to start.
    /// </summary>
    public Func<CancellationToken, Task<Uri?>>? DashboardAddress { get; set; }

    /// <summary>
    /// Whether the dashboard's Service has a ready endpoint. In a cluster, a pod whose readiness
    /// probe has not passed is not behind its Service, so Argo's web provider gets a connection
    /// error (a measurement Error, retried after 10 s), not an answer. Here that is the app's
    /// cluster watch having synced: before it, <c>/analyze</c> could only say it cannot judge yet.
    /// Unset: always ready.
    /// </summary>
    public Func<bool>? DashboardReady { get; set; }

    public IReadOnlyDictionary<string, string> Entries => _entries;

    /// <summary>Maps <paramref name="host"/> to a base URL (<c>http://127.0.0.1:9090</c>) or to <see cref="Dashboard"/>.</summary>
    public void Map(string host, string target) => _entries[Normalize(host)] = target.Trim();

    public readonly record struct Answer(Uri? Target, string? Error);

    /// <summary>The URL to call for <paramref name="url"/>, or why there is none (the measurement is then an Error, and nothing is requested).</summary>
    public async Task<Answer> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = Normalize(url.IdnHost);
        Uri target;
        if (IPAddress.TryParse(host, out _) || host == "localhost")
        {
            target = url;
        }
        else if (_entries.TryGetValue(host, out var mapped))
        {
            Uri? baseUrl;
            if (string.Equals(mapped, Dashboard, StringComparison.OrdinalIgnoreCase))
            {
                if (DashboardReady?.Invoke() == false)
                    return new Answer(null, $"dial {host}: connection refused (the dashboard's Service has no ready endpoint yet: it is still reading the cluster)");
                baseUrl = DashboardAddress is null ? null : await DashboardAddress(cancellationToken).ConfigureAwait(false);
                if (baseUrl is null)
                    return new Answer(null, $"lookup {host}: the dashboard hosting the simulated cluster has no loopback address to call ({LoopbackOnly})");
            }
            else if (!Uri.TryCreate(mapped, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                return new Answer(null, $"lookup {host}: the simulated cluster's DNS maps it to '{mapped}', which is not an http(s) base URL");
            }
            target = Rebase(url, baseUrl);
        }
        else
        {
            return new Answer(null, $"lookup {host}: no such host in the simulated cluster's DNS (Simulation:Dns); {LoopbackOnly}");
        }

        var targetHost = Normalize(target.IdnHost);
        if (targetHost == "localhost")
            target = new UriBuilder(target) { Host = "127.0.0.1" }.Uri;   // never ask the OS resolver
        else if (!IPAddress.TryParse(targetHost, out var address) || !LoopbackHttp.IsLoopback(address))
            return new Answer(null, $"{LoopbackOnly}: {url.Host} resolves to {target.Host}");
        return new Answer(target, null);
    }

    /// <summary>Scheme, host and port of the base; the base's path, then the URL's path and query.</summary>
    private static Uri Rebase(Uri url, Uri baseUrl) => new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port)
    {
        Path = baseUrl.AbsolutePath.TrimEnd('/') + url.AbsolutePath,
        Query = url.Query.TrimStart('?'),
    }.Uri;

    private static string Normalize(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
