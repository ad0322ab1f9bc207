using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CanaryDashboard.Security.Modes;

/// <summary>
/// The addresses the app listens on, and whether all of them are loopback. The server's own list
/// (<see cref="IServerAddressesFeature"/>, filled once Kestrel listens) wins; before that, or under
/// a test server that has none, the configuration is read as Kestrel reads it (<c>Urls</c>,
/// <c>Kestrel:Endpoints:*:Url</c>, <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>); nothing configured is
/// Kestrel's default, http://localhost:5000.
/// </summary>
public static class BindingAddresses
{
    public static IReadOnlyList<string> Read(IServer? server, IConfiguration configuration)
    {
        var listening = server?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (listening is { Count: > 0 })
            return listening.ToArray();
        return FromConfiguration(configuration);
    }

    public static IReadOnlyList<string> FromConfiguration(IConfiguration configuration)
    {
        var addresses = new List<string>();
        if (configuration["urls"] is { Length: > 0 } urls)
            addresses.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
                addresses.Add(url);
        }
        // Ports without a host bind every interface.
        foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
        {
            if (configuration[key] is { Length: > 0 } ports)
                addresses.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}"));
        }
        return addresses.Count > 0 ? addresses : ["http://localhost:5000"];
    }

    public static bool AllLoopback(IEnumerable<string> addresses) => addresses.All(IsLoopback);

    /// <summary>127.0.0.0/8, [::1] and localhost are loopback; *, +, 0.0.0.0, [::] and any host name are not.</summary>
    public static bool IsLoopback(string address)
    {
        var host = HostOf(address);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private static string HostOf(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
            rest = rest[..slash];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest[..(close + 1)] : rest;
        }
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
