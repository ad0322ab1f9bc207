using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Data;

/// <summary>Threshold profiles are versioned (never overwritten); rollout settings are validated and stored.</summary>
public sealed class ProfilesAndSettingsTests
{
    private static readonly RolloutKey Shop = new("prod", "shop");

    [Fact]
    public async Task Saving_a_profile_adds_a_version_and_keeps_the_old_values()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Records.T0);
        var store = new ThresholdProfileStore(database.Contexts, clock);

        var (v1, problems1) = await store.SaveAsync("strict", EngineParameters.Default with { LatencyThreshold = 0.10 }, "alice", "first", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        var (v2, _) = await store.SaveAsync("strict", EngineParameters.Default with { LatencyThreshold = 0.05 }, "bob", null, CancellationToken.None);
        await store.SaveAsync("loose", EngineParameters.Default with { MaxWeight = 75 }, "bob", null, CancellationToken.None);

        Assert.Empty(problems1);
        Assert.Equal((1, 2), (v1!.Version, v2!.Version));
        Assert.NotEqual(v1.Id, v2.Id);
        Assert.Equal(0.10, (await store.GetAsync(v1.Id, CancellationToken.None))!.Parameters.LatencyThreshold);
        Assert.Equal(EngineParameters.Default with { LatencyThreshold = 0.05 }, (await store.GetAsync(v2.Id, CancellationToken.None))!.Parameters);
        Assert.Equal(["bob", "alice"], (await store.GetVersionsAsync("strict", CancellationToken.None)).Select(p => p.CreatedBy));
        Assert.Equal(Records.T0.AddHours(1), v2.CreatedAt);
        var latest = await store.GetLatestAsync(CancellationToken.None);
        Assert.Equal([("loose", 1), ("strict", 2)], latest.Select(p => (p.Name, p.Version)));
    }

    [Fact]
    public async Task Invalid_profiles_are_refused_with_every_field_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ThresholdProfileStore(database.Contexts, TimeProvider.System);
        var (saved, problems) = await store.SaveAsync(" ", EngineParameters.Default with { MaxWeight = 150, LatencyThreshold = 0 }, "alice", null, CancellationToken.None);

        Assert.Null(saved);
        Assert.Equal(["name", "parameters.MaxWeight", "parameters.LatencyThreshold"], problems.Select(p => p.Field));
        await using var db = database.Open();
        Assert.Equal(0, await db.ThresholdProfiles.CountAsync());
    }

    [Fact]
    public async Task Settings_default_until_saved_then_round_trip_and_the_poller_reads_them_all()
    {
        await using var database = await TestDatabase.CreateAsync();
        var profiles = new ThresholdProfileStore(database.Contexts, TimeProvider.System);
        var (profile, _) = await profiles.SaveAsync("strict", EngineParameters.Default, "alice", null, CancellationToken.None);
        var store = new RolloutSettingsStore(database.Contexts, new FakeTimeProvider(Records.T0));

        var before = await store.GetAsync(Shop, CancellationToken.None);
        Assert.True(before.IsDefault);
        Assert.Equal(RolloutSettings.Default, before.Settings);
        Assert.Equal((RolloutPolicy.Observe, 3, 2, false), (before.Settings.Policy, before.Settings.PollsToAdvance, before.Settings.BreachesToAbort, before.Settings.AllowAutoPromoteToFull));

        var wanted = new RolloutSettings(RolloutPolicy.Auto, profile!.Id, "shop-svc", "v3", "v2", 4, 1, true);
        var (saved, problems) = await store.SaveAsync(Shop, wanted, "alice", CancellationToken.None);
        Assert.Empty(problems);
        Assert.Equal(wanted, saved!.Settings);

        var after = await store.GetAsync(Shop, CancellationToken.None);
        Assert.Equal((wanted, false, Records.T0, "alice"), (after.Settings, after.IsDefault, after.UpdatedAt, after.UpdatedBy));
        Assert.Equal(wanted, (await store.GetAllAsync(CancellationToken.None))[Shop]);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_every_reason_and_leave_the_stored_ones()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new RolloutSettingsStore(database.Contexts, TimeProvider.System);
        await store.SaveAsync(Shop, RolloutSettings.Default with { Policy = RolloutPolicy.Advise }, "alice", CancellationToken.None);

        var bad = new RolloutSettings((RolloutPolicy)9, 12345, "", " ", "v1", 0, -1, false);
        var (saved, problems) = await store.SaveAsync(Shop, bad, "mallory", CancellationToken.None);

        Assert.Null(saved);
        Assert.Equal(["policy", "pollsToAdvance", "breachesToAbort", "job", "canaryVersion", "thresholdProfileId"], problems.Select(p => p.Field));
        Assert.Contains("12345", problems.Single(p => p.Field == "thresholdProfileId").Reason);
        Assert.Equal(RolloutPolicy.Advise, (await store.GetAsync(Shop, CancellationToken.None)).Settings.Policy);
    }
}
