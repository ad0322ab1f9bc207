using CanaryDashboard.Simulation.Analysis.Runs;

namespace CanaryDashboard.Tests.Simulation.Analysis.Runs;

/// <summary>A metric's interval and initialDelay are Go durations (time.ParseDuration).</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("0", 0)]
    [InlineData("-5s", -5_000)]
    public void Parses(string text, long milliseconds) => Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("30", "time: missing unit in duration \"30\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    public void Refuses_what_Go_refuses(string text, string message) => Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.Parse(text)).Message);
}
