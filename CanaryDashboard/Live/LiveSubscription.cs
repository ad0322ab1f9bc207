using CanaryDashboard.Model;

namespace CanaryDashboard.Live;

/// <summary>
/// One subscriber of the live store (a browser page). The store only <see cref="Signal"/>s it; the
/// subscription decides when to call back: at once when the last call started at least the
/// minimum interval ago, otherwise once when the interval has passed (the trailing edge, so the
/// page always ends on the latest state). Calls never overlap: a signal while a call runs is
/// remembered and served after it. Callbacks run on the thread pool, so a slow or throwing page
/// never delays the publisher or other pages. Dispose to stop; a call already under way may finish.
/// </summary>
public sealed class LiveSubscription : IDisposable, IThreadPoolWorkItem
{
    private readonly Lock _gate = new();
    private readonly Func<Task> _callback;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minInterval;
    private readonly ExecutionContext? _context;
    private readonly Action<LiveSubscription> _unsubscribe;
    private readonly Action<LiveSubscription, Exception> _onFailure;

    private ITimer? _timer;
    private long _lastStart;
    private bool _hasStarted;
    private bool _running;      // queued or executing
    private bool _pending;      // signalled while running: call again after
    private bool _timerArmed;   // a trailing call is scheduled
    private bool _disposed;
    private long _completed;

    internal LiveSubscription(
        RolloutKey? rollout,
        Func<Task> callback,
        TimeProvider time,
        TimeSpan minInterval,
        Action<LiveSubscription> unsubscribe,
        Action<LiveSubscription, Exception> onFailure)
    {
        Rollout = rollout;
        _callback = callback;
        _time = time;
        _minInterval = minInterval;
        _unsubscribe = unsubscribe;
        _onFailure = onFailure;
        // The page's culture and other async-locals flow into its callbacks, as if it had called itself.
        _context = ExecutionContext.Capture();
    }

    /// <summary>The rollout this subscription follows; <c>null</c> for all rollouts.</summary>
    public RolloutKey? Rollout { get; }

    /// <summary>Callbacks that have finished (successfully or not).</summary>
    internal long CompletedCallbacks => Interlocked.Read(ref _completed);

    /// <summary>A callback is queued or running.</summary>
    internal bool IsRunning
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Nothing is running and nothing is scheduled: no callback comes without a new signal.</summary>
    internal bool IsIdle
    {
        get { lock (_gate) return !_running && !_timerArmed; }
    }

    /// <summary>Something changed. Never blocks beyond this subscription's own short lock; never runs the callback inline.</summary>
    internal void Signal()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            if (_running || _timerArmed)
            {
                _pending = true;
                return;
            }
            ScheduleLocked();
        }
    }

    private void ScheduleLocked()
    {
        var wait = _hasStarted ? _minInterval - _time.GetElapsedTime(_lastStart) : TimeSpan.Zero;
        if (wait <= TimeSpan.Zero)
        {
            StartLocked();
            return;
        }
        _timerArmed = true;
        _timer ??= _time.CreateTimer(static s => ((LiveSubscription)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void StartLocked()
    {
        _running = true;
        _pending = false;
        _hasStarted = true;
        _lastStart = _time.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _timerArmed = false;
            if (_disposed)
                return;
            if (_running)
                _pending = true;
            else
                StartLocked();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_context is null)
            _ = RunAsync();
        else
            ExecutionContext.Run(_context, static s => _ = ((LiveSubscription)s!).RunAsync(), this);
    }

    private async Task RunAsync()
    {
        try
        {
            if (!Volatile.Read(ref _disposed))
                await _callback().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _onFailure(this, ex);
        }
        finally
        {
            Interlocked.Increment(ref _completed);
            lock (_gate)
            {
                _running = false;
                if (_pending && !_disposed)
                {
                    _pending = false;
                    ScheduleLocked();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _pending = false;
            _timerArmed = false;
            _timer?.Dispose();
            _timer = null;
        }
        _unsubscribe(this);
    }
}
