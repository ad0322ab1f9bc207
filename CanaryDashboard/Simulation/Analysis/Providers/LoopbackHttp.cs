using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// The HTTP clients of the simulated web provider, which can reach nothing but this machine's
/// loopback: every connection goes through a connect callback that refuses any address outside
/// 127.0.0.0/8 and ::1 (a second guard after <see cref="ClusterDns"/>); no proxy; no redirects
/// (Go's client follows them, but a redirect could point anywhere). Timeouts are the provider's.
/// </summary>
public sealed class LoopbackHttp : IDisposable
{
    private readonly HttpClient _verifying;
    private readonly HttpClient _insecure;

    /// <param name="handler">Tests only: a handler to send through instead of the network (it is not disposed).</param>
    public LoopbackHttp(HttpMessageHandler? handler = null)
    {
        _verifying = handler is null ? new HttpClient(CreateHandler(insecure: false)) : new HttpClient(handler, disposeHandler: false);
        _insecure = handler is null ? new HttpClient(CreateHandler(insecure: true)) : new HttpClient(handler, disposeHandler: false);
        _verifying.Timeout = _insecure.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The client for a metric; <paramref name="insecure"/> skips TLS verification (provider.web.insecure).</summary>
    public HttpClient Client(bool insecure) => insecure ? _insecure : _verifying;

    /// <summary>127.0.0.0/8 and ::1 (also as IPv4-mapped IPv6).</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static SocketsHttpHandler CreateHandler(bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectToLoopbackOnlyAsync,
        };
        if (insecure)
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        return handler;
    }

    private static async ValueTask<Stream> ConnectToLoopbackOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address) || !IsLoopback(address))
            throw new HttpRequestException($"{ClusterDns.LoopbackOnly}: refused to connect to {context.DnsEndPoint.Host}");
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _verifying.Dispose();
        _insecure.Dispose();
    }
}
