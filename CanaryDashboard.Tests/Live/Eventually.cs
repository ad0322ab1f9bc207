namespace CanaryDashboard.Tests.Live;

/// <summary>
/// Waits for a condition that background work (thread-pool callbacks) makes true. Generous
/// deadline for a loaded machine; the short real delay is polling, never the thing asserted.
/// </summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60)); // generous: a loaded 2-core CI machine
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
