using System.Collections.Concurrent;
using CanaryDashboard.Configuration;
using CanaryDashboard.Model;
using CanaryDashboard.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryDashboard.Live;

/// <summary>
/// The latest state of every rollout and its recent samples, in memory, for the pages.
/// <para>
/// Writers (the poller once per cycle with <see cref="Publish"/>, the actions service with
/// <see cref="Update(LiveRolloutState)"/>) are serialized by one short lock and never wait for a
/// reader or a subscriber. Readers never lock the store: <see cref="All"/> is a copy-on-write array
/// swapped whole, <see cref="Get"/> reads an immutable state. Subscribers are only signalled; each
/// <see cref="LiveSubscription"/> throttles and calls back on the thread pool.
/// </para>
/// </summary>
public sealed class LiveRolloutStore
{
    private readonly TimeProvider _time;
    private readonly DashboardMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly int _sampleCapacity;
    private readonly TimeSpan _minNotifyInterval;

    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<RolloutKey, RolloutEntry> _entries = new();
    private readonly HashSet<RolloutKey> _cycleKeys = [];      // reused under _writeGate
    private readonly List<RolloutKey> _vanished = [];          // reused under _writeGate
    private LiveRolloutState[] _all = [];
    private long _version;

    private readonly Lock _subscribersGate = new();
    private LiveSubscription[] _allSubscribers = [];
    private Dictionary<RolloutKey, LiveSubscription[]> _rolloutSubscribers = [];   // copy-on-write
    private int _subscriberCount;

    public LiveRolloutStore(LiveOptions options, TimeProvider time, DashboardMetrics? metrics = null, ILogger<LiveRolloutStore>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleBufferCapacity, 1, nameof(options.SampleBufferCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinNotifyInterval, TimeSpan.Zero, nameof(options.MinNotifyInterval));
        _sampleCapacity = options.SampleBufferCapacity;
        _minNotifyInterval = options.MinNotifyInterval;
        _time = time;
        _metrics = metrics;
        _logger = logger ?? NullLogger<LiveRolloutStore>.Instance;
    }

    /// <summary>The latest state of every rollout, in the order of the last cycle (updates keep their place, new ones go last).</summary>
    public IReadOnlyList<LiveRolloutState> All => Volatile.Read(ref _all);

    /// <summary>Grows by one on every change; a page can skip rendering when it saw this version already.</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Count => _entries.Count;

    /// <summary>The pages subscribed now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscriberCount);

    public LiveRolloutState? Get(RolloutKey key) => _entries.TryGetValue(key, out var entry) ? entry.State : null;

    /// <summary>The rollout's recent samples, oldest first (a copy); empty when there are none.</summary>
    public IReadOnlyList<LiveSample> GetRecentSamples(RolloutKey key) =>
        _entries.TryGetValue(key, out var entry) ? entry.Samples.ToArray() : [];

    /// <summary>
    /// The newest <paramref name="max"/> samples of one rollout, oldest first: what a sparkline
    /// needs, without copying the whole ring for every row of the overview.
    /// </summary>
    public IReadOnlyList<LiveSample> GetRecentSamples(RolloutKey key, int max) =>
        _entries.TryGetValue(key, out var entry) ? entry.Samples.Latest(max) : [];

    /// <summary>
    /// One poll cycle: <paramref name="cycle"/> is every rollout the poller sees now. Each state
    /// replaces the previous one of its rollout, a new sample is appended to the rollout's ring,
    /// and rollouts absent from the cycle are removed (with their gauges). A cycle naming one
    /// rollout twice is refused whole (<see cref="ArgumentException"/>) and changes nothing.
    /// </summary>
    public void Publish(IReadOnlyList<LiveRolloutState> cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        lock (_writeGate)
        {
            _cycleKeys.Clear();
            for (var i = 0; i < cycle.Count; i++)
            {
                var state = cycle[i] ?? throw new ArgumentException($"The cycle's state at index {i} is null.", nameof(cycle));
                Validate(state);
                if (!_cycleKeys.Add(state.Key))
                    throw new ArgumentException($"The cycle names rollout {state.Key} more than once; nothing was published.", nameof(cycle));
            }

            var perRollout = Volatile.Read(ref _rolloutSubscribers);
            var changed = false;

            _vanished.Clear();
            foreach (var (key, _) in _entries)
            {
                if (!_cycleKeys.Contains(key))
                    _vanished.Add(key);
            }
            foreach (var key in _vanished)
            {
                RemoveLocked(key);
                SignalRollout(perRollout, key);
                changed = true;
            }

            var all = new LiveRolloutState[cycle.Count];
            for (var i = 0; i < cycle.Count; i++)
            {
                var state = cycle[i];
                all[i] = state;
                if (ApplyLocked(state, i))
                {
                    SignalRollout(perRollout, state.Key);
                    changed = true;
                }
            }
            if (changed || all.Length != _all.Length)
            {
                Volatile.Write(ref _all, all);
                Interlocked.Increment(ref _version);
                SignalAll();
            }
        }
    }

    /// <summary>One rollout changed outside a cycle (an action was sent): upsert its state.</summary>
    public void Update(LiveRolloutState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Validate(state);
        lock (_writeGate)
            UpdateLocked(state);
    }

    /// <summary>
    /// Upserts one rollout from its current state (<c>null</c> if unknown) without losing a
    /// concurrent publish in between. <paramref name="change"/> runs under the store's write lock: keep it short.
    /// </summary>
    public LiveRolloutState Update(RolloutKey key, Func<LiveRolloutState?, LiveRolloutState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_writeGate)
        {
            var state = change(Get(key)) ?? throw new InvalidOperationException("The change returned no state.");
            if (state.Key != key)
                throw new ArgumentException($"The change returned the state of {state.Key}, not of {key}.", nameof(change));
            Validate(state);
            UpdateLocked(state);
            return state;
        }
    }

    /// <summary>Forgets one rollout (deleted in the cluster). Returns false when it was not known.</summary>
    public bool Remove(RolloutKey key)
    {
        lock (_writeGate)
        {
            if (!RemoveLocked(key))
                return false;
            var current = _all;
            var all = new LiveRolloutState[current.Length - 1];
            var n = 0;
            foreach (var state in current)
            {
                if (state.Key != key)
                {
                    _entries[state.Key].Index = n;
                    all[n++] = state;
                }
            }
            Volatile.Write(ref _all, all);
            Interlocked.Increment(ref _version);
            SignalRollout(Volatile.Read(ref _rolloutSubscribers), key);
            SignalAll();
            return true;
        }
    }

    /// <summary>
    /// Calls <paramref name="onChanged"/> after any rollout changes, appears or disappears (the overview).
    /// Throttled: at most once per minimum interval, always ending on the latest state. Dispose to stop.
    /// The callback reads what it needs from the store (<see cref="All"/>); pages pass
    /// <c>() =&gt; InvokeAsync(StateHasChanged)</c>.
    /// </summary>
    public LiveSubscription SubscribeAll(Func<Task> onChanged) => Subscribe(null, onChanged);

    /// <summary>Calls <paramref name="onChanged"/> after this rollout changes or disappears (a detail page); as <see cref="SubscribeAll"/>.</summary>
    public LiveSubscription Subscribe(RolloutKey key, Func<Task> onChanged) => Subscribe((RolloutKey?)key, onChanged);

    private LiveSubscription Subscribe(RolloutKey? key, Func<Task> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscription = new LiveSubscription(key, onChanged, _time, _minNotifyInterval, Unsubscribe, OnCallbackFailed);
        lock (_subscribersGate)
        {
            if (key is { } k)
            {
                var copy = new Dictionary<RolloutKey, LiveSubscription[]>(_rolloutSubscribers);
                copy[k] = copy.TryGetValue(k, out var existing) ? [.. existing, subscription] : [subscription];
                Volatile.Write(ref _rolloutSubscribers, copy);
            }
            else
            {
                Volatile.Write(ref _allSubscribers, [.. _allSubscribers, subscription]);
            }
            _subscriberCount++;
            _metrics?.SetLiveSubscribers(_subscriberCount);
        }
        return subscription;
    }

    private void Unsubscribe(LiveSubscription subscription)
    {
        lock (_subscribersGate)
        {
            if (subscription.Rollout is { } k)
            {
                if (!_rolloutSubscribers.TryGetValue(k, out var existing) || Array.IndexOf(existing, subscription) < 0)
                    return;
                var copy = new Dictionary<RolloutKey, LiveSubscription[]>(_rolloutSubscribers);
                var rest = existing.Where(s => s != subscription).ToArray();
                if (rest.Length == 0)
                    copy.Remove(k);
                else
                    copy[k] = rest;
                Volatile.Write(ref _rolloutSubscribers, copy);
            }
            else
            {
                if (Array.IndexOf(_allSubscribers, subscription) < 0)
                    return;
                Volatile.Write(ref _allSubscribers, _allSubscribers.Where(s => s != subscription).ToArray());
            }
            _subscriberCount--;
            _metrics?.SetLiveSubscribers(_subscriberCount);
        }
    }

    private void OnCallbackFailed(LiveSubscription subscription, Exception exception)
    {
        _metrics?.CountLiveCallbackFailure();
        _logger.LogWarning(exception, "A live-store subscriber ({Rollout}) threw; other subscribers are not affected.",
            subscription.Rollout?.ToString() ?? "all rollouts");
    }

    private void UpdateLocked(LiveRolloutState state)
    {
        var isNew = !_entries.ContainsKey(state.Key);
        var index = isNew ? _all.Length : _entries[state.Key].Index;
        if (!ApplyLocked(state, index))
            return;
        var all = isNew ? new LiveRolloutState[_all.Length + 1] : new LiveRolloutState[_all.Length];
        Array.Copy(_all, all, _all.Length);
        all[index] = state;
        Volatile.Write(ref _all, all);
        Interlocked.Increment(ref _version);
        SignalRollout(Volatile.Read(ref _rolloutSubscribers), state.Key);
        SignalAll();
    }

    /// <summary>Stores one state; false when it is the very state already held (nothing to tell anyone).</summary>
    private bool ApplyLocked(LiveRolloutState state, int index)
    {
        if (!_entries.TryGetValue(state.Key, out var entry))
        {
            entry = new RolloutEntry(state, new SampleRing(_sampleCapacity), _metrics?.ForRollout(state.Key));
            _entries[state.Key] = entry;
        }
        else if (ReferenceEquals(entry.State, state))
        {
            entry.Index = index;
            return false;
        }
        entry.State = state;
        entry.Index = index;
        if (state.Latest is { } sample)
            entry.Samples.TryAppend(sample);
        entry.Gauges?.Set(state);
        return true;
    }

    private bool RemoveLocked(RolloutKey key)
    {
        if (!_entries.TryRemove(key, out var entry))
            return false;
        entry.Gauges?.Remove();
        return true;
    }

    private static void Validate(LiveRolloutState state)
    {
        if (string.IsNullOrEmpty(state.Key.Namespace) || string.IsNullOrEmpty(state.Key.Name))
            throw new ArgumentException($"A live state needs a namespace and a name (was '{state.Key}').", nameof(state));
    }

    private static void SignalRollout(Dictionary<RolloutKey, LiveSubscription[]> perRollout, RolloutKey key)
    {
        if (perRollout.Count > 0 && perRollout.TryGetValue(key, out var subscriptions))
        {
            foreach (var subscription in subscriptions)
                subscription.Signal();
        }
    }

    private void SignalAll()
    {
        foreach (var subscription in Volatile.Read(ref _allSubscribers))
            subscription.Signal();
    }

    /// <summary>The store's own bookkeeping for one rollout; fields change only under the write lock.</summary>
    private sealed class RolloutEntry(LiveRolloutState state, SampleRing samples, RolloutGauges? gauges)
    {
        private volatile LiveRolloutState _state = state;

        public LiveRolloutState State
        {
            get => _state;
            set => _state = value;
        }

        public SampleRing Samples { get; } = samples;
        public RolloutGauges? Gauges { get; } = gauges;
        public int Index { get; set; }
    }
}
