using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using CanaryDashboard.Tests.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Parameters;

/// <summary>
/// The one source of engine parameters over a real SQLite file: global, an assigned profile
/// version, a new version seen after invalidation or the refresh, a vanished profile falling back
/// to global, and a database failure keeping the last good values.
/// </summary>
public sealed class ParameterResolverTests : IAsyncLifetime
{
    private static readonly RolloutKey Checkout = new("shop", "checkout");
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new(Records.T0);
    private readonly SettingsChanges _changes = new();
    private TestDatabase _database = null!;
    private ThresholdProfileStore _profiles = null!;
    private RolloutSettingsStore _settings = null!;
    private ParameterResolver _resolver = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _profiles = new ThresholdProfileStore(_database.Contexts, _clock, _changes);
        _settings = new RolloutSettingsStore(_database.Contexts, _clock, _changes);
        var options = new CanaryDashboardOptions();
        options.Polling.SettingsRefresh = Refresh;
        _resolver = new ParameterResolver(_database.Contexts, new FixedMonitor(options), _clock, NullLogger<ParameterResolver>.Instance, _changes);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _resolver.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_profile_the_configured_section_applies()
    {
        await _settings.SaveAsync(Checkout, RolloutSettings.Default with { Policy = RolloutPolicy.Auto }, "test", CancellationToken.None);

        var resolved = await _resolver.ResolveAsync(Checkout);
        var unknown = await _resolver.ResolveAsync(new RolloutKey("shop", "never-seen"));

        Assert.Equal((EngineParameters.Default, ParameterOrigin.Configured), (resolved.Engine, resolved.Origin));
        Assert.Same(_resolver.Global, unknown);
        Assert.Equal("configuration (Engine section)", resolved.Origin.Describe());
    }

    [Fact]
    public async Task An_assigned_profile_applies_with_its_name_and_version()
    {
        var strict = await SaveProfileAsync("strict", latencyThreshold: 0.10);
        await AssignAsync(strict);

        var resolved = await _resolver.ResolveAsync(Checkout);

        Assert.Equal(0.10, resolved.Engine.LatencyThreshold);
        Assert.Equal(ParameterOrigin.OfProfile("strict", 1), resolved.Origin);
        Assert.Equal("profile strict v1", resolved.Origin.Describe());
    }

    [Fact]
    public async Task A_new_version_is_seen_at_once_after_a_save_and_after_the_refresh_when_saved_elsewhere()
    {
        await AssignAsync(await SaveProfileAsync("strict", latencyThreshold: 0.10));
        Assert.Equal(0.10, (await _resolver.ResolveAsync(Checkout)).Engine.LatencyThreshold);

        // Edited: saving adds version 2; assigning it raises the change signal, so no wait.
        await AssignAsync(await SaveProfileAsync("strict", latencyThreshold: 0.12));
        var afterSave = await _resolver.ResolveAsync(Checkout);
        Assert.Equal((0.12, ParameterOrigin.OfProfile("strict", 2)), (afterSave.Engine.LatencyThreshold, afterSave.Origin));

        // Another process (no signal here) assigns version 3: seen once the refresh interval has passed.
        var quiet = new RolloutSettingsStore(_database.Contexts, _clock);
        var v3 = (await new ThresholdProfileStore(_database.Contexts, _clock).SaveAsync("strict", EngineParameters.Default with { LatencyThreshold = 0.15 }, "test", null, CancellationToken.None)).Saved!;
        await quiet.SaveAsync(Checkout, RolloutSettings.Default with { ThresholdProfileId = v3.Id }, "test", CancellationToken.None);
        Assert.Equal(2, (await _resolver.ResolveAsync(Checkout)).Origin.Version);   // still the cached read
        _clock.Advance(Refresh);
        Assert.Equal((0.15, 3), ((await _resolver.ResolveAsync(Checkout)).Engine.LatencyThreshold, (await _resolver.ResolveAsync(Checkout)).Origin.Version));
    }

    [Fact]
    public async Task A_profile_that_no_longer_exists_falls_back_to_the_configured_section()
    {
        var strict = await SaveProfileAsync("strict", latencyThreshold: 0.10);
        await AssignAsync(strict);
        Assert.Equal("strict", (await _resolver.ResolveAsync(Checkout)).Origin.Name);

        // The schema restricts deleting an assigned profile; an operator's sqlite3 can still do it.
        using (var raw = _database.OpenRaw())
            TestDatabase.Scalar(raw, $"PRAGMA foreign_keys = OFF; DELETE FROM ThresholdProfiles WHERE Id = {strict.Id};");
        _resolver.Invalidate();

        var resolved = await _resolver.ResolveAsync(Checkout);
        Assert.Equal((EngineParameters.Default, ParameterOrigin.Configured), (resolved.Engine, resolved.Origin));
    }

    [Fact]
    public async Task A_database_failure_keeps_the_last_good_values()
    {
        await AssignAsync(await SaveProfileAsync("strict", latencyThreshold: 0.10));
        Assert.Equal(0.10, (await _resolver.ResolveAsync(Checkout)).Engine.LatencyThreshold);

        // The file becomes unreadable as a database: every read fails.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(_database.FilePath, new string('x', 4096));
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(_database.FilePath + suffix);
        _resolver.Invalidate();
        _clock.Advance(Refresh);

        var resolved = await _resolver.ResolveAsync(Checkout);
        Assert.Equal((0.10, ParameterOrigin.OfProfile("strict", 1)), (resolved.Engine.LatencyThreshold, resolved.Origin));
        Assert.Equal(0.10, _resolver.Peek(Checkout).Engine.LatencyThreshold);
    }

    private async Task<ThresholdProfile> SaveProfileAsync(string name, double latencyThreshold) =>
        (await _profiles.SaveAsync(name, EngineParameters.Default with { LatencyThreshold = latencyThreshold }, "test", null, CancellationToken.None)).Saved!;

    private async Task AssignAsync(ThresholdProfile profile)
    {
        var (saved, problems) = await _settings.SaveAsync(Checkout, RolloutSettings.Default with { ThresholdProfileId = profile.Id }, "test", CancellationToken.None);
        Assert.True(saved is not null, string.Join("; ", problems));
    }

    private sealed class FixedMonitor(CanaryDashboardOptions value) : IOptionsMonitor<CanaryDashboardOptions>
    {
        public CanaryDashboardOptions CurrentValue => value;
        public CanaryDashboardOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<CanaryDashboardOptions, string?> listener) => null;
    }
}
