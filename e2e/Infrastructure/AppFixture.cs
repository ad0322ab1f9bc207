namespace CanaryDashboard.E2E.Infrastructure;

/// <summary>
/// One app (default configuration: simulated cluster, SQLite) shared by the tests of a class that
/// only read what it shows, so the class pays for one start and one stop instead of one per test.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public KestrelAppFactory App { get; } = new();

    public string BaseUrl => App.BaseUrl;

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;   // starts the server once, before the first test
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
