namespace CanaryDashboard.Tests.Kubernetes.Infrastructure;

/// <summary>Waits on conditions, never on fixed sleeps; generous limits for a loaded 2-core machine.</summary>
public static class Wait
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Action? betweenChecks = null,
        Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Long);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}" + (describe is null ? "" : $" ({describe()})"));
            betweenChecks?.Invoke();
            await Task.Delay(20);
        }
    }
}
