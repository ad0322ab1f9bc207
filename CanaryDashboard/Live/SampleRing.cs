namespace CanaryDashboard.Live;

/// <summary>
/// The most recent samples of one rollout, oldest first, at most <c>capacity</c> of them. The array
/// grows on demand up to the capacity, so rollouts that never run a canary cost nothing.
/// One short lock per ring: the poller appends once per cycle, pages copy out.
/// </summary>
internal sealed class SampleRing(int capacity)
{
    private readonly Lock _gate = new();
    private LiveSample[] _items = [];
    private int _start;
    private int _count;
    private LiveSample? _last;

    public int Capacity => capacity;

    /// <summary>
    /// Appends <paramref name="sample"/> unless it is the one appended last (a state republished
    /// after an action carries the same sample) or older than it.
    /// </summary>
    public bool TryAppend(LiveSample sample)
    {
        lock (_gate)
        {
            if (ReferenceEquals(sample, _last) || (_last is not null && sample.At < _last.At))
                return false;
            if (_count < capacity)
            {
                if (_count == _items.Length)
                    Grow();
                _items[(_start + _count) % _items.Length] = sample;
                _count++;
            }
            else
            {
                _items[_start] = sample;             // full: overwrite the oldest
                _start = (_start + 1) % _items.Length;
            }
            _last = sample;
            return true;
        }
    }

    public LiveSample[] ToArray() => Latest(int.MaxValue);

    /// <summary>The newest <paramref name="max"/> samples (or fewer), oldest first.</summary>
    public LiveSample[] Latest(int max)
    {
        lock (_gate)
        {
            var n = Math.Min(_count, Math.Max(0, max));
            var copy = new LiveSample[n];
            var skip = _count - n;
            for (var i = 0; i < n; i++)
                copy[i] = _items[(_start + skip + i) % _items.Length];
            return copy;
        }
    }

    public int Count
    {
        get { lock (_gate) return _count; }
    }

    private void Grow()
    {
        // Only called while not yet full, so the items are contiguous from _start.
        var bigger = new LiveSample[Math.Min(capacity, Math.Max(4, _items.Length * 2))];
        for (var i = 0; i < _count; i++)
            bigger[i] = _items[(_start + i) % _items.Length];
        _items = bigger;
        _start = 0;
    }
}
