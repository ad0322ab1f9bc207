namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// Coalesces bursts of change signals (the cluster watch raises one per object) into at most one
/// callback per interval, always ending on the latest change. Timers come from the injected
/// <see cref="TimeProvider"/>; the callback runs on the thread pool, never inline in the signaller.
/// </summary>
public sealed class ChangeThrottle : IDisposable
{
    private readonly Func<Task> _callback;
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _armed;
    private bool _disposed;

    public ChangeThrottle(TimeProvider time, TimeSpan interval, Func<Task> callback)
    {
        _callback = callback;
        _interval = interval;
        _timer = time.CreateTimer(static s => ((ChangeThrottle)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Signal()
    {
        lock (_gate)
        {
            if (_disposed || _armed) return;
            _armed = true;
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _armed = false;
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try { await _callback(); }
        catch (ObjectDisposedException) { }   // the page went away between the signal and the render
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
