using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// The real app with its data folder in TMPDIR: history written through the app's own writer is
/// served by the JSON API, paged; bad parameters answer 400 naming every problem.
/// </summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private static readonly RolloutKey Shop = new("prod", "shop");

    /// <summary>An hour ago, on the whole minute: inside the raw retention, so the app's own pruner leaves it raw.</summary>
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60).AddHours(-1);
    private readonly string _folder = TestDatabase.NewFolder("history-api");
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = _folder,
                ["Storage:Retention:FlushInterval"] = "00:00:00",
                ["Polling:Enabled"] = "false",   // the test publishes and writes itself; the control loop would add the seeded rollouts
                ["Storage:Retention:PruneInterval"] = "00:00:01",
            })));
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task WriteAsync(params HistoryBatch[] batches)
    {
        var writer = _app.Services.GetRequiredService<HistoryWriter>();
        foreach (var batch in batches)
            Assert.True(writer.TryEnqueue(batch));
        await writer.FlushAsync();
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Healthz_checks_the_database_and_the_file_is_in_the_data_folder_in_WAL()
    {
        var health = await GetJsonAsync("/healthz");
        Assert.Equal("ok", health["checks"]!["database"]!.GetValue<string>());
        var file = Path.Combine(_folder, "canary-dashboard.db");
        Assert.True(File.Exists(file));
        using var raw = new SqliteConnection($"Data Source={file};Pooling=False");
        raw.Open();
        Assert.Equal("wal", TestDatabase.Scalar(raw, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Samples_are_served_in_time_order_page_by_page_within_from_and_to()
    {
        await WriteAsync(Enumerable.Range(0, 25).Select(i => new HistoryBatch([Records.Sample(Shop, T0.AddSeconds(5 * i))])).ToArray());
        var from = T0.AddSeconds(5).ToString("O");
        var to = T0.AddSeconds(120).ToString("O"); // excludes i = 0 and i = 24

        var seen = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = new List<int>();
        do
        {
            var url = $"/api/rollouts/prod/shop/samples?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&limit=10"
                      + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetJsonAsync(url);
            var items = page["items"]!.AsArray();
            pages.Add(items.Count);
            seen.AddRange(items.Select(i => i!["at"]!.GetValue<DateTimeOffset>()));
            Assert.All(items, i => Assert.Equal("raw", i!["resolution"]!.GetValue<string>()));
            Assert.All(items, i => Assert.Equal(0.120, i!["values"]!["canaryP99"]!.GetValue<double>()));
            Assert.All(items, i => Assert.Equal("Proceed", i!["verdict"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal([10, 10, 3], pages);
        Assert.Equal(Enumerable.Range(1, 23).Select(i => T0.AddSeconds(5 * i)), seen);
    }

    [Fact]
    public async Task The_apps_pruner_folds_samples_past_24_hours_and_the_API_serves_minutes_then_raw_samples()
    {
        var old = T0.AddDays(-2);
        await WriteAsync(new HistoryBatch(Enumerable.Range(0, 12).Select(i => Records.Sample(Shop, old.AddSeconds(10 * i)))
            .Concat(Enumerable.Range(0, 3).Select(i => Records.Sample(Shop, T0.AddSeconds(10 * i)))).ToList()));
        var url = $"/api/rollouts/prod/shop/samples?from={Uri.EscapeDataString(old.ToString("O"))}&to={Uri.EscapeDataString(T0.AddHours(1).ToString("O"))}";

        JsonArray items = [];
        await HistoryWriterTests.Until(() =>
        {
            items = GetJsonAsync(url).GetAwaiter().GetResult()["items"]!.AsArray();
            return items.Count == 5; // 12 old samples folded into 2 minutes (the pruner runs every second here), 3 raw
        }, timeoutSeconds: 60);

        Assert.Equal(["1m", "1m", "raw", "raw", "raw"], items.Select(i => i!["resolution"]!.GetValue<string>()));
        Assert.Equal([6, 6, 1, 1, 1], items.Select(i => i!["sampleCount"]!.GetValue<int>()));
        Assert.Equal(old, items[0]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0.120, items[0]!["max"]!["canaryP99"]!.GetValue<double>());
    }

    [Fact]
    public async Task Bad_sample_parameters_answer_400_listing_every_problem()
    {
        await WriteAsync(new HistoryBatch([Records.Sample(Shop, T0)]));

        var response = await _client.GetAsync("/api/rollouts/prod/shop/samples?from=yesterday&to=2026-13-45&limit=0&cursor=zzz");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["cursor", "from", "limit", "to"], errors.Select(e => e.Key).Order());
        Assert.Contains("yesterday", errors["from"]![0]!.GetValue<string>());

        var reversed = await _client.GetAsync($"/api/rollouts/prod/shop/samples?from={Uri.EscapeDataString(T0.ToString("O"))}&to={Uri.EscapeDataString(T0.AddHours(-1).ToString("O"))}");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("must be before to", await reversed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/rollouts/prod/shop/decisions?limit=100000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/rollouts/prod/nope/samples")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/rollouts/prod/nope/decisions")).StatusCode);
    }

    [Fact]
    public async Task Decisions_and_the_audit_log_come_newest_first_and_page()
    {
        await WriteAsync(Enumerable.Range(0, 7).Select(i => new HistoryBatch([], [Records.Decision(Shop, T0.AddSeconds(5 * i), rule: $"rule {i}")], [])).ToArray());
        await WriteAsync(HistoryBatch.Of(Records.Action(Shop, T0, "pause", "bob")), HistoryBatch.Of(Records.Action(Shop, T0.AddMinutes(1), "abort", "alice")));

        var first = await GetJsonAsync("/api/rollouts/prod/shop/decisions?limit=4");
        var second = await GetJsonAsync("/api/rollouts/prod/shop/decisions?limit=4&after=" + Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>()));
        var rules = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(d => d!["rule"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"rule {i}"), rules);
        Assert.Null(second["nextCursor"]);
        Assert.Equal("Hold", first["items"]![0]!["action"]!.GetValue<string>());
        Assert.Equal("Auto", first["items"]![0]!["policy"]!.GetValue<string>());

        var audit = await GetJsonAsync("/api/rollouts/prod/shop/audit");
        Assert.Equal(["alice", "bob"], audit["items"]!.AsArray().Select(a => a!["user"]!.GetValue<string>()));
        Assert.Equal("kubectl argo rollouts abort shop -n prod", audit["items"]![0]!["kubectlCommand"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_are_listed_with_outcomes_and_filtered_by_namespace_and_outcome()
    {
        var t = T0;
        var canary = new RolloutKey("stage", "canary");
        await WriteAsync(
            new HistoryBatch([Records.Sample(Shop, t, run: new("a1", RunOutcome.Running)), Records.Breach(canary, t, run: new("b1", RunOutcome.Running))]),
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(1), run: new("a1", RunOutcome.Promoted)), Records.Sample(canary, t.AddMinutes(1), run: new("b1", RunOutcome.Aborted))]),
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(2), run: new("a2", RunOutcome.Running))]));

        var all = (await GetJsonAsync("/api/runs"))["items"]!.AsArray();
        Assert.Equal(3, all.Count);
        Assert.Equal("a2", all[0]!["revision"]!.GetValue<string>()); // newest start first

        var aborted = (await GetJsonAsync("/api/runs?outcome=aborted"))["items"]!.AsArray();
        var run = Assert.Single(aborted)!;
        Assert.Equal(("stage", "canary", "Aborted", 60.0), (run["namespace"]!.GetValue<string>(), run["name"]!.GetValue<string>(),
            run["outcome"]!.GetValue<string>(), run["breachToAbortSeconds"]!.GetValue<double>()));
        Assert.Equal(2, (await GetJsonAsync("/api/runs?namespace=prod"))["items"]!.AsArray().Count);
        var paged = await GetJsonAsync("/api/runs?limit=2");
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        Assert.Single((await GetJsonAsync("/api/runs?limit=2&cursor=" + Uri.EscapeDataString(paged["nextCursor"]!.GetValue<string>())))["items"]!.AsArray());

        var bad = await _client.GetAsync("/api/runs?outcome=exploded&limit=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Running, Promoted, Aborted, Superseded", body);
        Assert.Contains("limit", body);
    }

    [Fact]
    public async Task Settings_are_saved_read_back_and_refused_with_reasons()
    {
        var profile = await _client.PostAsync("/api/profiles", Json("""{"name":"strict","parameters":{"latencyThreshold":0.1}}"""));
        Assert.Equal(HttpStatusCode.Created, profile.StatusCode);
        var profileId = (await profile.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var defaults = await GetJsonAsync("/api/rollouts/prod/shop/settings");
        Assert.Equal(("Observe", true, 3, 2), (defaults["policy"]!.GetValue<string>(), defaults["isDefault"]!.GetValue<bool>(),
            defaults["pollsToAdvance"]!.GetValue<int>(), defaults["breachesToAbort"]!.GetValue<int>()));

        var put = await _client.PutAsync("/api/rollouts/prod/shop/settings",
            Json($$"""{"policy":"auto","thresholdProfileId":{{profileId}},"job":"shop-svc","pollsToAdvance":4,"breachesToAbort":1,"allowAutoPromoteToFull":true}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var read = await GetJsonAsync("/api/rollouts/prod/shop/settings");
        Assert.Equal(("Auto", profileId, "shop-svc", 4, 1, true, false), (read["policy"]!.GetValue<string>(), read["thresholdProfileId"]!.GetValue<long>(),
            read["job"]!.GetValue<string>(), read["pollsToAdvance"]!.GetValue<int>(), read["breachesToAbort"]!.GetValue<int>(),
            read["allowAutoPromoteToFull"]!.GetValue<bool>(), read["isDefault"]!.GetValue<bool>()));

        var refused = await _client.PutAsync("/api/rollouts/prod/shop/settings",
            Json("""{"policy":"yolo","thresholdProfileId":999,"job":"","stableVersion":"  ","pollsToAdvance":0,"breachesToAbort":0}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["breachesToAbort", "job", "policy", "pollsToAdvance", "stableVersion", "thresholdProfileId"], errors.Select(e => e.Key).Order());

        var misspelt = await _client.PutAsync("/api/rollouts/prod/shop/settings", Json("""{"policy":"Auto","polsToAdvance":5}"""));
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("polsToAdvance", await misspelt.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsync("/api/rollouts/prod/shop/settings", Json("{not json"))).StatusCode);

        // The refused writes changed nothing.
        Assert.Equal(4, (await GetJsonAsync("/api/rollouts/prod/shop/settings"))["pollsToAdvance"]!.GetValue<int>());
    }

    [Fact]
    public async Task Profiles_are_versioned_through_the_API_and_invalid_ones_refused()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/profiles", Json("""{"name":"p","parameters":{"maxWeight":80}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/profiles", Json("""{"name":"p","parameters":{"maxWeight":60},"comment":"tighter"}"""))).StatusCode);
        var versions = (await GetJsonAsync("/api/profiles/p")).AsArray();
        Assert.Equal([(2, 60.0), (1, 80.0)], versions.Select(v => (v!["version"]!.GetValue<int>(), v["parameters"]!["maxWeight"]!.GetValue<double>())));

        var bad = await _client.PostAsync("/api/profiles", Json("""{"name":"","parameters":{"minWeight":90,"maxWeight":50}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("name", errors.Select(e => e.Key));
        Assert.Contains("parameters.MinWeight", errors.Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/profiles/none")).StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
