using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using CanaryDashboard.Security.Accounts;
using CanaryDashboard.Security.Actions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CanaryDashboard.Tests.Security;

/// <summary>
/// The real app in memory with an <c>Auth</c> section of the test's choosing, its own data folder,
/// every log line kept (<see cref="Logs"/>), and, when asked, a cluster executor that records what
/// it was asked to send (<see cref="RecordingCommandExecutor"/>) and an audit log kept in memory.
/// "Bound beyond loopback" is the configured <c>Urls</c>, read exactly as the app reads it.
/// </summary>
public sealed class SecurityAppFactory : WebApplicationFactory<Program>
{
    public const string NonLoopbackUrls = "http://0.0.0.0:5080";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataPath;

    public SecurityAppFactory(IDictionary<string, string?>? settings = null, string? dataPath = null, bool recordActions = false)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? NewDataPath();
        RecordActions = recordActions;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Storage:DataPath"] = DataPath,
        };
    }

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "canary-security-" + Guid.NewGuid().ToString("N")[..8]);

    public string DataPath { get; }
    public bool RecordActions { get; }
    public RecordingCommandExecutor Executor { get; } = new();
    public MemoryAuditLog Audit { get; } = new();
    public ConcurrentQueue<LogLine> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new RecordingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IActionAuditLog>(Audit);
            if (RecordActions)
                services.AddSingleton<IRolloutCommandExecutor>(Executor);
        });
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real page and form post; returns the form post's answer (302 either way).</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in page has no antiforgery token:\n" + page);
        return await client.PostAsync("/auth/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["username"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    public static Dictionary<string, string?> NonLoopbackWithUsers(params (string Name, string Role, string Password)[] users)
    {
        var settings = new Dictionary<string, string?> { ["Urls"] = NonLoopbackUrls };
        for (var i = 0; i < users.Length; i++)
        {
            settings[$"Auth:Users:{i}:Name"] = users[i].Name;
            settings[$"Auth:Users:{i}:Role"] = users[i].Role;
            settings[$"Auth:Users:{i}:PasswordHash"] = PasswordHashing.Hash(users[i].Password);
        }
        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataPath && Directory.Exists(DataPath))
            Directory.Delete(DataPath, recursive: true);
    }
}

public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State);

public sealed class RecordingLoggerProvider(ConcurrentQueue<LogLine> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, lines);
    public void Dispose() { }

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), values.ToDictionary(p => p.Key, p => p.Value)));
        }
    }
}

/// <summary>The cluster side, recorded: what reached it, answered as a successful single patch.</summary>
public sealed class RecordingCommandExecutor : IRolloutCommandExecutor
{
    public ConcurrentQueue<RolloutCommandRequest> Received { get; } = new();

    public Task<RolloutCommandOutcome> ExecuteAsync(RolloutCommandRequest request, CancellationToken cancellationToken)
    {
        Received.Enqueue(request);
        var target = $"/apis/argoproj.io/v1alpha1/namespaces/{request.Rollout.Namespace}/rollouts/{request.Rollout.Name}/status";
        return Task.FromResult(new RolloutCommandOutcome(request.Rollout, request.Command, "Succeeded", true, "done",
            [new SentPatchSummary(target, """{"status":{"abort":true}}""", 200)], $"kubectl argo rollouts {request.Command.RouteName()} {request.Rollout.Name} -n {request.Rollout.Namespace}", 200));
    }
}

public sealed class MemoryAuditLog : IActionAuditLog
{
    public ConcurrentQueue<ActionAuditEntry> Entries { get; } = new();

    public Task RecordAsync(ActionAuditEntry entry, CancellationToken cancellationToken)
    {
        Entries.Enqueue(entry);
        return Task.CompletedTask;
    }
}

internal static class HttpAssertions
{
    public static void IsRedirectTo(HttpResponseMessage response, string pathStart)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.StartsWith(pathStart, path, StringComparison.OrdinalIgnoreCase);
    }
}
