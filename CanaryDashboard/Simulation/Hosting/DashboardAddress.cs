using System.Net;
using CanaryDashboard.Simulation.Analysis.Providers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CanaryDashboard.Simulation.Hosting;

/// <summary>
/// This app's own loopback base URL, for the simulated cluster's DNS: read from the server's
/// <see cref="IServerAddressesFeature"/> once the app has started (Kestrel knows its port only
/// then; the simulated cluster starts before it). Wildcard bindings (<c>0.0.0.0</c>, <c>[::]</c>,
/// <c>+</c>, <c>*</c>, <c>localhost</c>) are reached on loopback; an address bound to another
/// interface only is not usable. Null when the app does not listen on a socket (a test server).
/// </summary>
public static class DashboardAddress
{
    public static async Task<Uri?> ResolveAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var started = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted;
        if (!started.IsCancellationRequested)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (started.Register(() => signal.TrySetResult()))
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        return Choose(addresses ?? []);
    }

    /// <summary>The first usable address, http before https.</summary>
    public static Uri? Choose(IEnumerable<string> addresses) =>
        addresses.Select(Loopback).OfType<Uri>().OrderBy(u => u.Scheme == "http" ? 0 : 1).FirstOrDefault();

    private static Uri? Loopback(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return null;
        var scheme = address[..schemeEnd].ToLowerInvariant();
        var rest = address[(schemeEnd + 3)..].TrimEnd('/');
        var portAt = rest.LastIndexOf(':');
        if (scheme is not ("http" or "https") || portAt < 0 || !int.TryParse(rest[(portAt + 1)..], out var port) || port <= 0)
            return null;
        var host = rest[..portAt].Trim('[', ']');
        string loopback;
        if (host is "0.0.0.0" or "+" or "*" or "localhost")
            loopback = "127.0.0.1";
        else if (host == "::")
            loopback = "[::1]";
        else if (IPAddress.TryParse(host, out var ip) && LoopbackHttp.IsLoopback(ip))
            loopback = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        else
            return null;
        return new Uri($"{scheme}://{loopback}:{port}");
    }
}
