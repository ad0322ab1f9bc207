using CanaryDashboard.Engine;
using CanaryDashboard.Polling.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Polling;

/// <summary>When a rung started serving its weight at its desired replicas (the start of its time and of its metrics window).</summary>
public sealed class RungClockTests
{
    private static readonly LadderRung[] Ladder = [new(0, 20), new(2, 35)];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private RolloutPosition At(int step, DateTimeOffset? pauseStart, bool scaled = true, string revision = "rev1") =>
        new(revision, step, Ladder, PausedOnLadderStep: pauseStart is not null)
        {
            PauseStartedAt = pauseStart,
            Canary = new CanaryReplicas(2, scaled ? 2 : 1, scaled),
        };

    [Fact]
    public void The_rung_starts_at_Argos_pause_start_even_when_the_poller_saw_it_later()
    {
        var pauseStart = _clock.GetUtcNow().AddSeconds(-40);
        var position = At(1, pauseStart);

        var seen = RungClock.Observe(null, position, _clock.GetUtcNow());

        Assert.Equal(pauseStart, RungClock.EnteredAt(seen, position));
    }

    [Fact]
    public void Without_a_pause_start_the_first_poll_on_the_step_stands_in_and_later_polls_keep_it()
    {
        var first = _clock.GetUtcNow();
        var seen = RungClock.Observe(null, At(1, null), first);
        _clock.Advance(TimeSpan.FromSeconds(30));
        seen = RungClock.Observe(seen, At(1, null), _clock.GetUtcNow());

        Assert.Equal(first, RungClock.EnteredAt(seen, At(1, null)));
    }

    [Fact]
    public void A_canary_that_loses_replicas_restarts_the_rung_when_it_is_scaled_again()
    {
        var pauseStart = _clock.GetUtcNow().AddMinutes(-5);
        var seen = RungClock.Observe(null, At(1, pauseStart), _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromSeconds(5));
        seen = RungClock.Observe(seen, At(1, pauseStart, scaled: false), _clock.GetUtcNow());
        Assert.Null(RungClock.EnteredAt(seen, At(1, pauseStart, scaled: false)));

        _clock.Advance(TimeSpan.FromSeconds(5));
        seen = RungClock.Observe(seen, At(1, pauseStart, scaled: false), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(5));
        var back = _clock.GetUtcNow();
        seen = RungClock.Observe(seen, At(1, pauseStart), back);
        _clock.Advance(TimeSpan.FromSeconds(5));
        seen = RungClock.Observe(seen, At(1, pauseStart), _clock.GetUtcNow());

        Assert.Equal(back, RungClock.EnteredAt(seen, At(1, pauseStart)));
    }

    [Fact]
    public void A_new_step_or_revision_starts_a_new_rung()
    {
        var seen = RungClock.Observe(null, At(1, null), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(2));

        var nextStep = RungClock.Observe(seen, At(3, null), _clock.GetUtcNow());
        var nextRevision = RungClock.Observe(seen, At(1, null, revision: "rev2"), _clock.GetUtcNow());

        Assert.Equal(_clock.GetUtcNow(), RungClock.EnteredAt(nextStep, At(3, null)));
        Assert.Equal(_clock.GetUtcNow(), RungClock.EnteredAt(nextRevision, At(1, null, revision: "rev2")));
    }
}
