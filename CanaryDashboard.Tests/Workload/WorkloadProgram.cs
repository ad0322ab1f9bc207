namespace CanaryDashboard.Workload;

/// <summary>
/// Runs the workload alone (its class name differs from the dashboard's <c>Program</c>, so the
/// test project can reference both): <c>dotnet run --project CanaryDashboard.Tests/Workload -- --port 9100</c>.
/// </summary>
public static class WorkloadProgram
{
    public static async Task Main(string[] args)
    {
        var port = args is ["--port", var value] && int.TryParse(value, out var parsed) ? parsed : 0;
        await using var host = await WorkloadHost.StartAsync(port);
        Console.WriteLine($"workload on {host.BaseAddress}; PUT /control/jobs to add a service, Ctrl-C to stop");
        var stopped = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
        await stopped.Task;
    }
}
