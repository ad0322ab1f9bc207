using System.Collections.Concurrent;
using CanaryDashboard.Configuration;
using CanaryDashboard.Live;
using Microsoft.Extensions.Time.Testing;
using static CanaryDashboard.Tests.Live.LiveTestData;

namespace CanaryDashboard.Tests.Live;

/// <summary>
/// Throttled subscriptions, driven by a fake clock: time only moves when the test advances it,
/// so "at once", "not before 100 ms" and "after 100 ms" are exact. Callbacks still run on the
/// real thread pool, so the tests wait (generously) for them to finish.
/// </summary>
public sealed class LiveSubscriptionTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly LiveRolloutStore _store;

    public LiveSubscriptionTests() =>
        _store = new LiveRolloutStore(new LiveOptions { MinNotifyInterval = MinInterval }, _time);

    /// <summary>What one callback saw: the fake time and the rollout's latest sample at that moment.</summary>
    private sealed record Seen(DateTimeOffset At, LiveSample? Sample);

    private LiveSubscription Record(ConcurrentQueue<Seen> seen, int rollout = 1) =>
        _store.Subscribe(Key(rollout), () =>
        {
            seen.Enqueue(new Seen(_time.GetUtcNow(), _store.Get(Key(rollout))?.Latest));
            return Task.CompletedTask;
        });

    private static Task Settled(LiveSubscription subscription, long callbacks) =>
        Eventually.True(() => subscription.CompletedCallbacks >= callbacks && subscription.IsIdle,
            $"{callbacks} callback(s) have run and nothing more is scheduled");

    [Fact]
    public async Task A_burst_of_50_publishes_within_100_ms_gives_one_immediate_and_one_trailing_callback_with_the_latest_state()
    {
        var seen = new ConcurrentQueue<Seen>();
        using var subscription = Record(seen);
        var t0 = _time.GetUtcNow();

        _store.Publish([State(Key(1), Sample(t0))]);
        await Settled(subscription, 1);                                  // the leading edge: at once

        var last = default(LiveSample);
        for (var i = 1; i < 50; i++)                                     // 49 more, 2 ms apart: t0+2 … t0+98
        {
            _time.Advance(TimeSpan.FromMilliseconds(2));
            last = Sample(_time.GetUtcNow(), canaryP99: 0.100 + i / 10_000.0);
            _store.Publish([State(Key(1), last)]);
        }
        Assert.False(subscription.IsIdle);                               // a trailing call is scheduled …

        _time.Advance(TimeSpan.FromMilliseconds(1));                     // t0+99: … but not yet due
        await Eventually.True(() => !subscription.IsRunning, "no callback is running");
        Assert.Equal(1, subscription.CompletedCallbacks);

        _time.Advance(TimeSpan.FromMilliseconds(1));                     // t0+100: the trailing edge
        await Settled(subscription, 2);

        _time.Advance(TimeSpan.FromSeconds(1));                          // nothing else comes
        await Settled(subscription, 2);
        Assert.Equal(2, subscription.CompletedCallbacks);

        var calls = seen.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(t0, calls[0].At);
        Assert.Equal(t0 + MinInterval, calls[1].At);
        Assert.True(calls[1].At - calls[0].At >= MinInterval);
        Assert.Same(last, calls[1].Sample);
    }

    [Fact]
    public async Task A_rollout_subscription_fires_only_for_its_rollout_and_when_it_disappears()
    {
        var seenA = new ConcurrentQueue<Seen>();
        var seenB = new ConcurrentQueue<Seen>();
        var overviewCalls = 0;
        using var a = Record(seenA, rollout: 1);
        using var b = Record(seenB, rollout: 2);
        using var overview = _store.SubscribeAll(() => { Interlocked.Increment(ref overviewCalls); return Task.CompletedTask; });
        var t0 = _time.GetUtcNow();

        var a1 = State(Key(1), Sample(t0));
        _store.Publish([a1, State(Key(2), Sample(t0))]);
        await Task.WhenAll(Settled(a, 1), Settled(b, 1), Settled(overview, 1));

        _time.Advance(TimeSpan.FromSeconds(5));
        var b2 = Sample(_time.GetUtcNow());
        _store.Publish([a1, State(Key(2), b2)]);                         // only rollout 2 changed
        await Task.WhenAll(Settled(b, 2), Settled(overview, 2));
        Assert.True(a.IsIdle);
        Assert.Equal(1, a.CompletedCallbacks);
        Assert.Same(b2, seenB.Last().Sample);

        _time.Advance(TimeSpan.FromSeconds(5));
        _store.Publish([State(Key(2), b2)]);                             // rollout 1 is gone; 2 is unchanged in substance but a new state
        await Task.WhenAll(Settled(a, 2), Settled(b, 3), Settled(overview, 3));
        Assert.Null(seenA.Last().Sample);
        Assert.Equal(3, Volatile.Read(ref overviewCalls));
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_its_callbacks_including_a_scheduled_trailing_one()
    {
        var seen = new ConcurrentQueue<Seen>();
        var witness = new ConcurrentQueue<Seen>();
        var subscription = Record(seen);
        using var other = Record(witness);
        var t0 = _time.GetUtcNow();
        Assert.Equal(2, _store.SubscriberCount);

        _store.Publish([State(Key(1), Sample(t0))]);
        await Task.WhenAll(Settled(subscription, 1), Settled(other, 1));

        _time.Advance(TimeSpan.FromMilliseconds(10));
        _store.Publish([State(Key(1), Sample(_time.GetUtcNow()))]);      // within 100 ms: a trailing call is scheduled
        Assert.False(subscription.IsIdle);
        subscription.Dispose();
        subscription.Dispose();                                          // twice is harmless
        Assert.Equal(1, _store.SubscriberCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Settled(other, 2);                                         // the other page got its trailing call
        _store.Publish([State(Key(1), Sample(_time.GetUtcNow()))]);
        _time.Advance(MinInterval);
        await Settled(other, 3);                                         // and the next one
        await Settled(subscription, 1);
        Assert.Single(seen);
        Assert.Equal(1, subscription.CompletedCallbacks);
    }

    [Fact]
    public async Task A_throwing_subscriber_neither_breaks_the_others_nor_the_publisher_and_is_called_again_later()
    {
        var throwsSync = _store.SubscribeAll(() => throw new InvalidOperationException("page bug (sync)"));
        var throwsAsync = _store.SubscribeAll(async () => { await Task.Yield(); throw new InvalidOperationException("page bug (async)"); });
        var seen = new ConcurrentQueue<Seen>();
        using var healthy = Record(seen);
        var t0 = _time.GetUtcNow();

        _store.Publish([State(Key(1), Sample(t0))]);
        await Task.WhenAll(Settled(throwsSync, 1), Settled(throwsAsync, 1), Settled(healthy, 1));

        _time.Advance(TimeSpan.FromSeconds(1));
        var latest = Sample(_time.GetUtcNow());
        _store.Publish([State(Key(1), latest)]);
        await Task.WhenAll(Settled(throwsSync, 2), Settled(throwsAsync, 2), Settled(healthy, 2));
        Assert.Same(latest, seen.Last().Sample);
        throwsSync.Dispose();
        throwsAsync.Dispose();
    }

    [Fact]
    public async Task A_slow_subscriber_blocks_neither_Publish_nor_other_pages_and_never_runs_twice_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new ConcurrentQueue<Seen>();
        int running = 0, maxRunning = 0;
        using var slow = _store.Subscribe(Key(1), async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            slowSeen.Enqueue(new Seen(_time.GetUtcNow(), _store.Get(Key(1))?.Latest));
            await gate.Task;
            Interlocked.Decrement(ref running);
        });
        var fastSeen = new ConcurrentQueue<Seen>();
        using var fast = Record(fastSeen);
        var t0 = _time.GetUtcNow();

        _store.Publish([State(Key(1), Sample(t0))]);
        await Eventually.True(() => Volatile.Read(ref running) == 1, "the slow page is inside its callback");

        var last = default(LiveSample);
        for (var i = 1; i <= 20; i++)                                    // 1 s of publishes while the slow page hangs
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            last = Sample(_time.GetUtcNow());
            _store.Publish([State(Key(1), last)]);
            await Eventually.True(() => !fast.IsRunning, "the fast page's callback has finished");
        }
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.True(() => fastSeen.LastOrDefault()?.Sample == last && fast.IsIdle, "the fast page saw the last sample");
        Assert.InRange(fast.CompletedCallbacks, 10, 21);                 // throttled to ≥ 100 ms apart, not starved
        Assert.Equal(0, slow.CompletedCallbacks);
        Assert.True(slow.IsRunning);

        gate.SetResult();                                                // the slow page wakes up: one more call, with the latest state
        await Settled(slow, 2);
        Assert.Equal(2, slowSeen.Count);
        Assert.Same(last, slowSeen.Last().Sample);
        Assert.Equal(1, Volatile.Read(ref maxRunning));
    }

    [Fact]
    public async Task Five_hundred_subscribers_each_get_the_latest_state()
    {
        const int rollouts = 250;
        var overviewLatest = new ConcurrentDictionary<int, int>();
        var detailLatest = new ConcurrentDictionary<int, LiveSample?>();
        var subscriptions = new List<LiveSubscription>();
        for (var i = 0; i < rollouts; i++)
        {
            var page = i;
            var key = Key(i);
            subscriptions.Add(_store.SubscribeAll(() => { overviewLatest[page] = _store.All.Count; return Task.CompletedTask; }));
            subscriptions.Add(_store.Subscribe(key, () => { detailLatest[page] = _store.Get(key)?.Latest; return Task.CompletedTask; }));
        }
        Assert.Equal(500, _store.SubscriberCount);

        var t0 = _time.GetUtcNow();
        _store.Publish(Enumerable.Range(0, rollouts).Select(i => State(Key(i), Sample(t0))).ToArray());
        await Eventually.True(() => subscriptions.All(s => s.CompletedCallbacks >= 1 && s.IsIdle), "every page got its first callback");

        _time.Advance(TimeSpan.FromSeconds(5));
        var second = Enumerable.Range(0, rollouts).Select(i => State(Key(i), Sample(_time.GetUtcNow(), canaryP99: 0.1 + i / 100_000.0))).ToArray();
        _store.Publish(second[..100]);                                   // 150 rollouts disappear: called at once …
        _store.Publish(second);                                          // … and come back within 100 ms: one trailing call
        _time.Advance(MinInterval);
        await Eventually.True(() => subscriptions.All(s => s.IsIdle), "every page is idle");

        for (var i = 0; i < rollouts; i++)
        {
            Assert.Equal(3, subscriptions[2 * i].CompletedCallbacks);                      // overview: first, leading, trailing
            Assert.Equal(i < 100 ? 2 : 3, subscriptions[2 * i + 1].CompletedCallbacks);  // detail: unchanged by the second publish if it stayed
        }
        Assert.All(Enumerable.Range(0, rollouts), i => Assert.Equal(rollouts, overviewLatest[i]));
        Assert.All(Enumerable.Range(0, rollouts), i => Assert.Same(second[i].Latest, detailLatest[i]));

        foreach (var subscription in subscriptions)
            subscription.Dispose();
        Assert.Equal(0, _store.SubscriberCount);
    }

    [Fact]
    public async Task A_callback_runs_with_the_async_locals_of_the_page_that_subscribed()
    {
        var culture = new AsyncLocal<string?>();
        string? seenValue = null;
        culture.Value = "de-CH";
        using var subscription = _store.SubscribeAll(() => { seenValue = culture.Value; return Task.CompletedTask; });
        culture.Value = null;

        await Task.Run(() => _store.Publish([State(Key(1), Sample(_time.GetUtcNow()))]));
        await Settled(subscription, 1);
        Assert.Equal("de-CH", seenValue);
    }

    [Fact]
    public async Task Under_real_time_and_concurrent_writers_every_subscriber_ends_on_the_final_state_without_overlapping_itself()
    {
        var store = new LiveRolloutStore(new LiveOptions { MinNotifyInterval = TimeSpan.FromMilliseconds(10) }, TimeProvider.System);
        var overlaps = 0;
        var pages = Enumerable.Range(0, 20).Select(i =>
        {
            var inside = 0;
            LiveRolloutState? lastSeen = null;
            var subscription = store.Subscribe(Key(0), async () =>
            {
                if (Interlocked.Increment(ref inside) > 1)
                    Interlocked.Increment(ref overlaps);
                await Task.Yield();
                Volatile.Write(ref lastSeen, store.Get(Key(0)));
                Interlocked.Decrement(ref inside);
            });
            return (subscription, last: (Func<LiveRolloutState?>)(() => Volatile.Read(ref lastSeen)));
        }).ToArray();

        var t0 = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
                store.Update(Key(0), current => State(Key(0), Sample(t0.AddMilliseconds(writer * 1000 + i))));
        })));
        var final = store.Get(Key(0));

        foreach (var (subscription, last) in pages)
            await Eventually.True(() => subscription.IsIdle && ReferenceEquals(last(), final), "each page has rendered the final state");
        Assert.Equal(0, Volatile.Read(ref overlaps));
        foreach (var (subscription, _) in pages)
            subscription.Dispose();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
