using CanaryDashboard.Simulation.Hosting;

namespace CanaryDashboard.Tests.Simulation.Hosting;

/// <summary>Which of the app's listening addresses the simulated DNS gives the example template's host: a loopback one.</summary>
public sealed class DashboardAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    [InlineData("http://10.0.0.5:8080", null)]
    [InlineData("http://127.0.0.1:0", null)]
    public void A_loopback_or_wildcard_binding_is_reached_on_loopback(string address, string? expected) =>
        Assert.Equal(expected, DashboardAddress.Choose([address])?.ToString());

    [Fact]
    public void Http_is_preferred_and_other_interfaces_are_skipped() =>
        Assert.Equal("http://127.0.0.1/", DashboardAddress.Choose(["https://127.0.0.1:443", "http://192.168.1.4:81", "http://0.0.0.0:80"])!.ToString());

    [Fact]
    public void No_socket_no_address() => Assert.Null(DashboardAddress.Choose([]));
}
