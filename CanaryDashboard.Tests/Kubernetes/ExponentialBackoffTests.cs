using CanaryDashboard.Kubernetes.Watch;

namespace CanaryDashboard.Tests.Kubernetes;

public class ExponentialBackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_cap_with_jitter_in_the_upper_half()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(7));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        double[] ceilings = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var i = 0; i < delays.Length; i++)
            Assert.InRange(delays[i], ceilings[i] / 2, ceilings[i]);
        Assert.True(delays.Distinct().Count() > 4, "jitter should spread the delays");
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        for (var i = 0; i < 5; i++)
            backoff.Next();

        backoff.Reset();

        Assert.Equal(0, backoff.Attempt);
        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }
}
