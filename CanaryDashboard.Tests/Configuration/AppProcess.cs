using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CanaryDashboard.Tests.Configuration;

/// <summary>
/// The built app (<c>dotnet CanaryDashboard.dll</c>) as a child process, exactly as an operator
/// starts it from the build output: its own appsettings.json, command-line arguments and
/// environment variables. Binds to 127.0.0.1 on a port the OS picks; its data folder and
/// working directory live under the temp directory.
/// </summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public string WorkDirectory { get; private init; } = "";

    public string StandardOutput { get { lock (_stdout) return _stdout.ToString(); } }
    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>The dll the app's own build wrote, for the same configuration and framework as these tests.</summary>
    public static string AppDllPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;                 // net10.0
        var configuration = testBin.Parent!.Name;     // Debug or Release
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CanaryDashboard.sln"))) root = root.Parent;
        Assert.True(root is not null, "repository root (CanaryDashboard.sln) not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(root.FullName, "CanaryDashboard", "bin", configuration, framework, "CanaryDashboard.dll");
        Assert.True(File.Exists(dll), "build the app first: " + dll);
        return dll;
    }

    public static AppProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var work = Path.Combine(Path.GetTempPath(), "canary-app-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AppDllPath());
        info.ArgumentList.Add("--Urls=http://127.0.0.1:0");
        info.ArgumentList.Add("--Storage:DataPath=" + Path.Combine(work, "data"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // A clean slate: nothing from the test runner's environment may configure the child.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) ||
                key.Contains("__", StringComparison.Ordinal) || key == "CANARY_CONFIG")
                info.Environment.Remove(key);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["TMPDIR"] = Path.GetTempPath();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(process) { WorkDirectory = work };
        process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._stderr) app._stderr.AppendLine(e.Data); };
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException("the app exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits until Kestrel reports its address (the OS picked the port).</summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        try
        {
            return await _listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"the app did not start listening: {ex.Message}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the app did not exit within {StartTimeout}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }
        return _process.ExitCode;
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_stdout) _stdout.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    /// <summary>The host the test itself runs on, so the child uses the same SDK.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        _process.Dispose();
        try { Directory.Delete(WorkDirectory, recursive: true); }
        catch (IOException) { /* a file still held by a dying process; the temp tree is ignored anyway */ }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
