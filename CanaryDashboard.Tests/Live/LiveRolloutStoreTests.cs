using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using Microsoft.Extensions.Time.Testing;
using static CanaryDashboard.Tests.Live.LiveTestData;

namespace CanaryDashboard.Tests.Live;

public sealed class LiveRolloutStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private LiveRolloutStore NewStore(int capacity = 720) =>
        new(new LiveOptions { SampleBufferCapacity = capacity }, _time);

    [Fact]
    public void Publish_keeps_the_latest_state_per_rollout_in_cycle_order_and_drops_rollouts_that_disappeared()
    {
        var store = NewStore();
        var t0 = _time.GetUtcNow();
        var a = State(Key(1), Sample(t0));
        var b = State(Key(2), Sample(t0, canaryP99: 0.200));           // +100 % latency: a breach
        store.Publish([a, b]);

        Assert.Same(a, store.Get(Key(1)));
        Assert.Same(b, store.Get(Key(2)));
        Assert.Equal(Verdict.Breach, store.Get(Key(2))!.Latest!.Verdict);
        Assert.Equal(0, store.Get(Key(2))!.Latest!.SafeWeight);
        Assert.Equal([a, b], store.All);

        var c = State(Key(3), null);
        var a2 = State(Key(1), Sample(t0.AddSeconds(5)));
        var versionBefore = store.Version;
        store.Publish([c, a2]);

        Assert.Same(a2, store.Get(Key(1)));
        Assert.Null(store.Get(Key(2)));
        Assert.Empty(store.GetRecentSamples(Key(2)));
        Assert.Same(c, store.Get(Key(3)));
        Assert.Equal([c, a2], store.All);
        Assert.Equal(2, store.Count);
        Assert.True(store.Version > versionBefore);
    }

    [Fact]
    public void The_ring_keeps_the_newest_samples_up_to_its_capacity_oldest_first()
    {
        var store = NewStore(capacity: 3);
        var t0 = _time.GetUtcNow();
        var samples = Enumerable.Range(0, 5).Select(i => Sample(t0.AddSeconds(5 * i), canaryP99: 0.100 + i / 1000.0)).ToArray();
        foreach (var sample in samples)
            store.Publish([State(Key(1), sample)]);

        Assert.Equal(samples[2..], store.GetRecentSamples(Key(1)));

        var more = Sample(t0.AddSeconds(25));
        store.Publish([State(Key(1), more)]);
        Assert.Equal([samples[3], samples[4], more], store.GetRecentSamples(Key(1)));
    }

    [Fact]
    public void A_state_republished_with_the_same_sample_or_an_older_one_does_not_append_it_again()
    {
        var store = NewStore();
        var t0 = _time.GetUtcNow();
        var first = Sample(t0);
        var second = Sample(t0.AddSeconds(5));
        store.Publish([State(Key(1), first)]);
        store.Publish([State(Key(1), second)]);
        store.Update(State(Key(1), second) with { LastDecision = new DecisionSummary(t0.AddSeconds(6), "manual", "abort", "sent", 1, 1) });
        Assert.Equal("abort", store.Get(Key(1))!.LastDecision!.Action);
        store.Publish([State(Key(1), Sample(t0.AddSeconds(1)))]);      // older than the last: a late reading

        Assert.Equal([first, second], store.GetRecentSamples(Key(1)));
    }

    [Fact]
    public void Update_upserts_one_rollout_and_keeps_the_others_and_their_order()
    {
        var store = NewStore();
        var t0 = _time.GetUtcNow();
        var a = State(Key(1), Sample(t0));
        var b = State(Key(2), Sample(t0));
        store.Publish([a, b]);

        var a2 = a with { LastDecision = new DecisionSummary(t0, "manual", "abort", "sent", 1, 1) };
        store.Update(a2);
        var c = State(Key(3), null);
        store.Update(c);

        Assert.Equal([a2, b, c], store.All);

        var a3 = store.Update(Key(1), current => current! with { Summary = current.Summary! with { Status = "Degraded" } });
        Assert.Equal("Degraded", store.Get(Key(1))!.Summary!.Status);
        Assert.Same(a3, store.All[0]);

        Assert.True(store.Remove(Key(2)));
        Assert.False(store.Remove(Key(2)));
        Assert.Equal([a3, c], store.All);
        store.Update(a3 with { Snapshot = "adapter snapshot" });
        Assert.Equal("adapter snapshot", store.All[0].Snapshot);
    }

    [Fact]
    public void A_cycle_naming_a_rollout_twice_is_refused_whole_and_changes_nothing()
    {
        var store = NewStore();
        var t0 = _time.GetUtcNow();
        var a = State(Key(1), Sample(t0));
        store.Publish([a]);

        var error = Assert.Throws<ArgumentException>(() =>
            store.Publish([State(Key(2), Sample(t0)), State(Key(1), Sample(t0.AddSeconds(5))), State(Key(1), null)]));
        Assert.Contains("shop/rollout-0001", error.Message);

        Assert.Same(a, store.Get(Key(1)));
        Assert.Null(store.Get(Key(2)));
        Assert.Single(store.GetRecentSamples(Key(1)));

        Assert.Throws<ArgumentException>(() => store.Update(State(new RolloutKey("", "x"), null)));
    }

    [Fact]
    public void Bad_live_settings_are_refused_at_start_with_the_key_and_the_reason()
    {
        var options = new CanaryDashboardOptions { Live = new LiveOptions { SampleBufferCapacity = 0, MinNotifyInterval = TimeSpan.Zero } };
        var result = new CanaryDashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Live:SampleBufferCapacity:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Live:MinNotifyInterval:", StringComparison.Ordinal));
        Assert.False(new CanaryDashboardOptionsValidator().Validate(null, new CanaryDashboardOptions()).Failed);
    }
}
