using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CanaryDashboard.Tests.PrometheusTesting;

/// <summary>One canned answer: status, body, and how long to wait before sending it.</summary>
public sealed record CannedAnswer(int Status, string Body, TimeSpan Delay = default, string ContentType = "application/json");

/// <summary>
/// A tiny loopback HTTP server standing in for Prometheus, for the answers a real Prometheus cannot
/// be made to give on demand (malformed JSON, a matrix from an instant query, NaN where we want it, a
/// hang). <see cref="Answer"/> picks the answer from the PromQL text of each request.
/// </summary>
public sealed class CannedPrometheus : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedPrometheus(WebApplication app) => _app = app;

    public Func<string, CannedAnswer> Answer { get; set; } = _ => new CannedAnswer(200, Vector());
    public ConcurrentQueue<string> Queries { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<CannedPrometheus> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new CannedPrometheus(app);
        app.Map("/api/v1/{endpoint}", async (HttpContext http) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
            var query = form?["query"].ToString() ?? http.Request.Query["query"].ToString();
            stub.Queries.Enqueue(query);
            var answer = stub.Answer(query);
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, http.RequestAborted);
            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = answer.ContentType;
            await http.Response.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    /// <summary>A success body with a vector of (labels, value-as-Prometheus-writes-it) samples.</summary>
    public static string Vector(params (string Job, string Version, string Value)[] samples) =>
        Success("vector", string.Join(",", samples.Select(s =>
            $$"""{"metric":{"job":"{{s.Job}}","version":"{{s.Version}}"},"value":[1700000000.123,"{{s.Value}}"]}""")));

    public static string Success(string resultType, string result, params string[] warnings) =>
        $$"""{"status":"success","data":{"resultType":"{{resultType}}","result":[{{result}}]}{{(warnings.Length > 0 ? ",\"warnings\":[" + string.Join(",", warnings.Select(w => $"\"{w}\"")) + "]" : "")}}}""";

    public static string Error(string errorType, string error) =>
        $$"""{"status":"error","errorType":"{{errorType}}","error":"{{error}}"}""";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
