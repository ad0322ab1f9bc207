using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using CanaryDashboard.Security;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Tests.Data;
using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.Live;
using CanaryDashboard.Tuning;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static CanaryDashboard.Tests.Backtest.ConstructedRuns;

namespace CanaryDashboard.Tests.Components.Pages;

/// <summary>
/// The <c>/tuning</c> studio: parameters change the charts' models (sampled by the engine), refusals
/// show their reason, profiles get versions, the live point follows the store, the backtest runs.
/// </summary>
public sealed class TuningPageTests : BunitContext, IAsyncLifetime
{
    private readonly LiveRolloutStore _store = new(new LiveOptions { MinNotifyInterval = TimeSpan.Zero }, TimeProvider.System);
    private TestDatabase _database = null!;
    private ThresholdProfileStore _profiles = null!;
    private RolloutSettingsStore _settings = null!;

    private readonly BunitAuthorizationContext _auth;
    private readonly CanaryDashboard.Tests.Parameters.FixedParameterResolver _resolver = new();

    public TuningPageTests()
    {
        // An admin by default (as everyone is on a loopback-only dashboard); tests of other roles change it.
        _auth = AddAuthorization();
        _auth.SetAuthorized("ada");
        _auth.SetClaims(new System.Security.Claims.Claim(DashboardClaims.Role, "admin"));
        Services.AddScoped<CurrentUserAccessor>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new CanaryDashboardOptions()));
        Services.AddSingleton(_store);
        Services.AddSingleton<CanaryDashboard.Parameters.IParameterResolver>(_resolver);
    }

    /// <summary>Profiles and rollout settings in a real SQLite file, as the app keeps them.</summary>
    async Task IAsyncLifetime.InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _profiles = new ThresholdProfileStore(_database.Contexts, TimeProvider.System);
        _settings = new RolloutSettingsStore(_database.Contexts, TimeProvider.System);
        Services.AddSingleton<IThresholdProfileCatalog>(new StoredThresholdProfileCatalog(_profiles));
        Services.AddSingleton<IProfileAssignment>(new SettingsProfileAssignment(_settings));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> RenderPage(IRecordedRunSource? runs = null, string? query = null)
    {
        Services.AddSingleton(runs ?? new ConstructedSource([]));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        if (query is not null)
            Services.GetRequiredService<NavigationManager>().NavigateTo("tuning?" + query);
        Render<MudPopoverProvider>();
        return Render<CanaryDashboard.Components.Pages.Tuning>();
    }

    private static ChartModel Chart(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string name) =>
        page.FindComponents<DashboardChart>().Single(c => c.Instance.Name == name).Instance.Model;

    [Fact]
    public void Typing_a_parameter_recomputes_the_curve_and_the_heat_map()
    {
        var page = RenderPage();
        var heatmapBefore = Chart(page, "tuning-heatmap");
        // Index 60 of −20 % … +60 % in 0.5 % steps is +10 %: 5 + e^−1 × 95 = 39.9 with the seed's k = 10.
        Assert.Equal(39.9, Chart(page, "tuning-curve").Series[0].Y[60]);
        Assert.Equal(["errors 0 pp", "errors +0.5 pp", "errors +1 pp", "errors +2 pp"], Chart(page, "tuning-curve").Series.Select(s => s.Name));

        Type(page, "Latency decay (k)", "20");

        // k = 20: 5 + e^−2 × 95 = 17.857 → 17.9.
        page.WaitForAssertion(() => Assert.Equal(17.9, Chart(page, "tuning-curve").Series[0].Y[60]));
        Assert.NotSame(heatmapBefore, Chart(page, "tuning-heatmap"));
        // The heat map's cell at +10 %, 0 pp (row 10, column 30) agrees with the curve.
        var heatmap = Chart(page, "tuning-heatmap").Heatmap!;
        Assert.Equal(17.9, heatmap.Z[10 * heatmap.X.Count + 30]);
    }

    [Fact]
    public void The_power_table_shows_what_a_rung_needs_and_refuses_traffic_that_is_not_positive()
    {
        var page = RenderPage();
        string Cell(int row, int column) => page.FindAll("[aria-label='Power table'] tbody tr")[row].Children[column].TextContent;
        var atTen = Cell(0, 1);
        Assert.Equal("p99 +35 %", Cell(0, 0));
        Assert.Matches(@"^[\d,]+ requests \(≈ .+\)$", atTen);

        InputOf(page, "Canary traffic (requests per second)").Input("0");
        page.WaitForAssertion(() => Assert.Contains("must be above 0 requests per second", page.Find("[aria-label='Requests a rung needs']").TextContent));
        Assert.Equal(atTen, Cell(0, 1));   // refused: the table keeps the last valid traffic

        InputOf(page, "Canary traffic (requests per second)").Input("100");
        page.WaitForAssertion(() => Assert.NotEqual(atTen, Cell(0, 1)));
        Assert.DoesNotContain("must be above 0", page.Find("[aria-label='Requests a rung needs']").TextContent);

        // The candidate's column follows the sliders; the current one does not.
        page.Find("[aria-label='Latency threshold slider'] input[type=range]").Input("0.6");
        page.WaitForAssertion(() => Assert.Equal("within the threshold: not a breach", Cell(0, 1)));
        Assert.EndsWith(")", Cell(0, 2));
    }

    [Fact]
    public void Moving_a_slider_moves_the_breach_cliff()
    {
        var page = RenderPage();
        // Index 70 is +15 %: under the 20 % threshold the safe weight is 5 + e^−1.5 × 95 = 26.2.
        Assert.Equal(26.2, Chart(page, "tuning-curve").Series[0].Y[70]);
        Assert.False(Chart(page, "tuning-heatmap").Heatmap!.Marked![10 * 81 + 35]);

        page.Find("[aria-label='Latency threshold slider'] input[type=range]").Input("0.1");

        page.WaitForAssertion(() => Assert.Equal(0, Chart(page, "tuning-curve").Series[0].Y[70]));
        Assert.True(Chart(page, "tuning-heatmap").Heatmap!.Marked![10 * 81 + 35]);
        Assert.Equal("0.1", InputOf(page, "Latency threshold").GetAttribute("value"));
        Assert.Equal(0.1, Chart(page, "tuning-curve").VerticalLines.Single().X);
    }

    [Fact]
    public void An_invalid_value_shows_the_engines_reason_next_to_the_field_and_keeps_the_curve()
    {
        var page = RenderPage();
        var before = Chart(page, "tuning-curve");

        Type(page, "Min weight (%)", "100");

        page.WaitForAssertion(() => Assert.Contains("must be below MaxWeight (was 100 ≥ 100)", HelperOf(page, "Min weight (%)")));
        Assert.Same(before, Chart(page, "tuning-curve"));
        Assert.Contains("the charts show the last valid parameters", page.Find("[aria-label='Refused parameters']").TextContent);

        Type(page, "Safety floor", "0");
        page.WaitForAssertion(() => Assert.Contains("must be in (0, 1] (was 0)", HelperOf(page, "Safety floor")));

        // Both corrected: the reasons go and the curve follows the new values.
        Type(page, "Min weight (%)", "10");
        Type(page, "Safety floor", "0.1");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[aria-label='Refused parameters']")));
        Assert.Empty(page.FindAll(".tuning-parameter-problem"));
        // Min weight 10 at +10 %: 10 + e^−1 × 90 = 43.1.
        Assert.Equal(43.1, Chart(page, "tuning-curve").Series[0].Y[60]);
    }

    [Fact]
    public async Task Saving_a_profile_twice_creates_two_versions_and_shows_their_difference()
    {
        var page = RenderPage();
        InputOf(page, "Profile name").Input("payments");

        Click(page, "Save as new version");
        page.WaitForAssertion(() => Assert.Equal("Saved payments v1.", page.Find("[aria-label='Saved profile']").TextContent.Trim()));

        Type(page, "Latency decay (k)", "20");
        Type(page, "Error threshold", "0.03");
        Click(page, "Save as new version");

        page.WaitForAssertion(() => Assert.Equal("Saved payments v2.", page.Find("[aria-label='Saved profile']").TextContent.Trim()));
        var versions = await _profiles.GetVersionsAsync("payments", CancellationToken.None);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal(20, versions[0].Parameters.LatencyDecay);
        Assert.Equal(10, versions[1].Parameters.LatencyDecay);
        Assert.Equal("ada", versions[0].CreatedBy);
        Assert.Equal("v2", page.Find("[aria-label='Latest version of payments']").TextContent.Trim());
        // v1 → v2: exactly the two parameters that changed.
        var rows = page.FindAll("[aria-label='Profile difference'] tbody tr");
        Assert.Equal(["LatencyDecay", "ErrorThreshold"], rows.Select(r => r.GetAttribute("data-parameter")));
        Assert.Equal(["Latency decay (k)", "10", "20"], rows[0].Children.Select(c => c.TextContent));
    }

    [Fact]
    public void A_refused_candidate_cannot_be_saved()
    {
        var page = RenderPage();
        Type(page, "Max weight (%)", "120");
        page.WaitForAssertion(() => Assert.Contains("must be at most 100 (was 120)", HelperOf(page, "Max weight (%)")));

        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Save as new version")).HasAttribute("disabled"));
    }

    [Fact]
    public void An_operator_can_neither_save_nor_assign_profiles()
    {
        _auth.SetClaims(new System.Security.Claims.Claim(DashboardClaims.Role, "operator"));
        var page = RenderPage();

        Assert.Equal("Assigning a profile to a rollout needs the admin role; ada is operator.", page.Find("[aria-label='Assignment refused']").TextContent.Trim());
        Assert.Equal("Saving threshold profiles needs the admin role; ada is operator.", page.Find("[aria-label='Save refused']").TextContent.Trim());
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Save as new version")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_admin_assigns_the_saved_version_to_a_rollout()
    {
        _store.Publish([LiveTestData.State(new RolloutKey("shop", "web"), LiveTestData.Sample(DateTimeOffset.UtcNow))]);
        var page = RenderPage();
        Assert.Empty(page.FindAll("[aria-label='Assignment refused']"));
        Click(page, "Save as new version");
        page.WaitForAssertion(() => Assert.Equal("Saved default v1.", page.Find("[aria-label='Saved profile']").TextContent.Trim()));

        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Rollout");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("shop/web"));
        Click(page, "Assign default v1");

        page.WaitForAssertion(() => Assert.Equal("default v1 is now the threshold profile of shop/web.", page.Find("[aria-label='Assignment']").TextContent.Trim()));
        var saved = (await _profiles.GetVersionsAsync("default", CancellationToken.None)).Single();
        var stored = await _settings.GetAsync(new RolloutKey("shop", "web"), CancellationToken.None);
        Assert.Equal(saved.Id, stored.Settings.ThresholdProfileId);
        Assert.Equal("ada", stored.UpdatedBy);
    }

    /// <summary>
    /// The resolver waits for the database when its values are stale (the first page after a start):
    /// the page renders once before the rollout's parameters arrive, and that render must be whole
    /// (it was not: a null curve model made the server answer 500 to <c>/tuning?rollout=…</c>).
    /// </summary>
    [Fact]
    public void The_page_renders_whole_while_the_rollouts_parameters_are_still_being_read()
    {
        var strict = EngineParameters.Default with { LatencyThreshold = 0.10 };
        _resolver.Assigned[new RolloutKey("shop", "web")] = new(strict, CanaryDashboard.Parameters.ParameterOrigin.OfProfile("strict", 3));
        _resolver.Pending = new TaskCompletionSource();

        var page = RenderPage(query: "rollout=shop/web");
        Assert.NotEmpty(Chart(page, "tuning-curve").Series);   // drawn with the global parameters meanwhile

        _resolver.Pending.SetResult();
        page.WaitForAssertion(() => Assert.Contains("profile strict v3", page.Markup));
    }

    [Fact]
    public void The_live_point_of_the_rollout_in_the_query_moves_with_the_live_store()
    {
        var key = new RolloutKey("shop", "web");
        var now = DateTimeOffset.UtcNow;
        _store.Publish([LiveTestData.State(key, LiveTestData.Sample(now, canaryP99: 0.110, stableP99: 0.100))]);
        var page = RenderPage(query: "rollout=shop/web");

        // +10 % and 0 pp: the point sits on the 0 pp curve at 39.9, with a line of its own error delta.
        page.WaitForAssertion(() => Assert.Equal("shop/web now", Chart(page, "tuning-curve").Series[^1].Name));
        var point = Chart(page, "tuning-curve").Series[^1];
        Assert.Equal(0.1, (double)point.X[0], 9);
        Assert.Equal(39.9, point.Y[0]);
        Assert.Contains("shop/web", page.Find("[aria-label='Live point']").TextContent);

        _store.Publish([LiveTestData.State(key, LiveTestData.Sample(now.AddSeconds(5), canaryP99: 0.115, stableP99: 0.100))]);

        // +15 %: 26.2.
        page.WaitForAssertion(() => Assert.Equal(26.2, Chart(page, "tuning-curve").Series[^1].Y[0]));
        Assert.Equal(0.15, (double)Chart(page, "tuning-heatmap").Series[0].X[0], 9);
    }

    [Fact]
    public void The_backtest_shows_current_and_candidate_side_by_side()
    {
        // The constructed runs of the backtester tests: by hand, the defaults catch 3, miss 1; a 10 % threshold catches 4.
        var runs = CanaryDashboard.Tests.Backtest.BacktesterTests.All;
        var page = RenderPage(new ConstructedSource(runs));

        Type(page, "Latency threshold", "0.1");
        page.WaitForAssertion(() => Assert.Equal(0, Chart(page, "tuning-curve").Series[0].Y[70]));
        Click(page, "Run backtest");

        page.WaitForAssertion(() => Assert.Equal("3", Labelled(page, "Current Caught regressions")));
        Assert.Equal("4", Labelled(page, "Candidate Caught regressions"));
        Assert.Equal("1", Labelled(page, "Current Missed regressions"));
        Assert.Equal("0", Labelled(page, "Candidate Missed regressions"));
        Assert.Equal("0", Labelled(page, "Candidate False alarms"));
        Assert.Equal("2 min", Labelled(page, "Current Median time to detect"));
        Assert.Equal("1 min 30 s", Labelled(page, "Candidate Median time to detect"));
        Assert.Equal("25 min", Labelled(page, "Candidate Median time to full weight"));   // one rung at a time: (1,380 + 1,620 s) / 2
        Assert.Equal(runs.Length, page.FindAll("[aria-label='Backtest runs'] tbody tr").Count);
        var chart = Chart(page, "backtest");
        Assert.Equal([3, 4], chart.Series.Select(s => s.Y[1]!.Value));
    }

    [Fact]
    public void Without_recorded_runs_the_backtest_says_why()
    {
        var page = RenderPage(new ConstructedSource([], "No recorded runs: no run storage is connected outside Simulated mode yet."));

        Assert.Contains("no run storage is connected", page.Find("[aria-label='Backtest unavailable']").TextContent);
    }

    private static string Labelled(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string label) =>
        page.Find($"[aria-label=\"{label}\"]").TextContent.Trim();

    private static void Click(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Contains(text)).Click();

    private static IElement InputOf(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string label)
    {
        var labelElement = page.FindAll("label").Single(l => l.TextContent.Trim() == label);
        return page.Find($"input#{labelElement.GetAttribute("for")}");
    }

    /// <summary>The reason shown next to the field (empty when it is accepted).</summary>
    private static string HelperOf(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string label) =>
        InputOf(page, label).Closest(".tuning-parameter")!.QuerySelector(".tuning-parameter-problem")?.TextContent ?? "";

    private static void Type(IRenderedComponent<CanaryDashboard.Components.Pages.Tuning> page, string label, string text) =>
        InputOf(page, label).Input(text);

    /// <summary>Runs handed to the page as the run storage would.</summary>
    private sealed class ConstructedSource(IReadOnlyList<RecordedRun> runs, string? unavailable = null) : IRecordedRunSource
    {
        public string? Unavailable => unavailable;
        public string Description => "constructed runs";
        public ValueTask<IReadOnlyList<RecordedRun>> GetRunsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(runs);
    }
}
