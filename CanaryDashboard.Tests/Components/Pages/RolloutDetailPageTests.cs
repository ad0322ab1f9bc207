using Bunit;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Components.Pages;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Plotly.Blazor.Traces;
using CanaryDashboard.Security.Roles;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Pages;

/// <summary>The detail page (<c>/rollouts/{ns}/{name}</c>) in each state: header, ladder, reasoning, buttons, charts, confirmation.</summary>
public sealed class RolloutDetailPageTests : PageTestContext
{
    private static readonly string[] AllActions = ["Abort", "Promote", "PromoteFull", "Retry", "Pause", "Resume", "Advance"];

    private IRenderedComponent<RolloutDetail> RenderPage(string? range = null)
    {
        Prepare();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/rollouts/shop/checkout" + (range is null ? "" : "?range=" + range));
        Prepare();
        return Render<RolloutDetail>(p => p.Add(d => d.Namespace, "shop").Add(d => d.Name, "checkout"));
    }

    private static string[] Enabled(IRenderedComponent<RolloutDetail> page) =>
        page.FindAll("button[data-action]").Where(b => !b.HasAttribute("disabled")).Select(b => b.GetAttribute("data-action")!).ToArray();

    private static string Reason(IRenderedComponent<RolloutDetail> page, string action) =>
        page.Find($"button[data-action={action}]").GetAttribute("data-reason") ?? "";

    private static string Reasoning(IRenderedComponent<RolloutDetail> page) => page.Find("[aria-label='Engine reasoning']").TextContent;

    [Fact]
    public void Paused_and_healthy_engine_shows_the_rollout_the_ladder_and_the_reasoning()
    {
        Seed(Paused());
        var samples = new[] { Sample(Now.AddSeconds(-10)), Sample(Now.AddSeconds(-5)) };
        foreach (var s in samples)
            Live.Update(State(new("shop", "checkout"), s, new DecisionSummary(s.At, "advance-after-n-polls", "hold", "recorded", 2, 3)));

        var page = RenderPage();

        Assert.Contains("Paused — CanaryPauseStep", page.Find("[aria-label='Status message']").TextContent);
        Assert.Contains("registry.local/checkout:v2", page.Markup);
        Assert.Contains("registry.local/checkout:v1", page.Markup);
        Assert.Equal("20%", page.Find(".ladder-rung[data-current]").TextContent.Trim());
        // Safe weight ≈ 47 allows rung 35 (step 10): the engine's target is marked.
        Assert.Equal("10", page.Find(".ladder-rung[data-target]").GetAttribute("data-step"));
        Assert.StartsWith("latency +8% → penalty 0.45 · errors +0.1 pp → 0.98 · safe weight", Reasoning(page));
        Assert.EndsWith("→ rung 35 · holding: 2 of 3 polls", Reasoning(page));
        Assert.Equal(["Abort", "Promote", "PromoteFull", "Pause", "Advance"], Enabled(page));
        Assert.Equal("retry applies to an aborted rollout; this one is not aborted", Reason(page, "Retry"));
        Assert.Contains("2 samples", page.Find("[aria-label='Samples shown']").TextContent);
    }

    [Fact]
    public void A_hold_for_lack_of_evidence_says_what_more_it_needs_and_the_deltas_chart_draws_the_bands()
    {
        Seed(Paused());
        Live.Update(State(new("shop", "checkout"), WithEvidence(Sample(Now), EarlyCounts)));

        var page = RenderPage();

        var evidence = page.Find("[aria-label=Evidence]");
        Assert.Equal("Insufficient", evidence.GetAttribute("data-evidence"));
        Assert.Matches(@"^Holding: about [\d,]+ more canary requests \(≈ .+ at 10 req/s\) to show it within the thresholds", evidence.TextContent);
        var deltas = page.FindComponents<DashboardChart>().Single(c => c.Instance.Name == "deltas");
        var band = deltas.Instance.Figure.Data.OfType<Scatter>().Single(t => t.Name == "p99 Δ interval");
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, band.Fill);
        Assert.Single(band.Y);
    }

    [Fact]
    public void Breach_shows_the_threshold_crossed_and_the_breach_marker()
    {
        Seed(Paused());
        Live.Update(State(new("shop", "checkout"), Breach(Now)));

        var page = RenderPage();

        Assert.StartsWith("latency +50% > +20% threshold · breach → safe weight 0", Reasoning(page));
        Assert.Contains("breach", page.Find("[aria-label=Verdict]").TextContent);
        var weight = page.FindComponents<DashboardChart>().Single(c => c.Instance.Name == "weight");
        var marker = (Scatter)weight.Instance.Figure.Data[3];
        Assert.Equal("breach", marker.Name);
        Assert.Equal(20.0, Assert.Single(marker.Y));
        // The ladder holds: the target is the current rung.
        Assert.Equal("8", page.Find(".ladder-rung[data-target]").GetAttribute("data-step"));
    }

    [Fact]
    public void Insufficient_data_says_why()
    {
        Seed(Paused());
        Live.Update(State(new("shop", "checkout"), NoData(Now)));

        var page = RenderPage();

        Assert.StartsWith("insufficient data: ", Reasoning(page));
        Assert.Contains("insufficient data", page.Find("[aria-label=Verdict]").TextContent);
    }

    [Fact]
    public void Aborted_only_allows_retry()
    {
        Seed(Aborted());

        var page = RenderPage();

        Assert.Contains("Degraded — RolloutAborted", page.Find("[aria-label='Status message']").TextContent);
        Assert.Equal(["Retry"], Enabled(page));
        Assert.Equal("already aborted", Reason(page, "Abort"));
        Assert.Equal("aborted: retry it first", Reason(page, "Promote"));
    }

    [Fact]
    public void Healthy_allows_nothing_and_says_why()
    {
        Seed(Healthy());

        var page = RenderPage();

        Assert.Empty(Enabled(page));
        Assert.All(AllActions, a => Assert.NotEqual("", Reason(page, a)));
    }

    [Fact]
    public void No_data_yet_draws_empty_charts_and_says_so()
    {
        Seed(Paused());

        var page = RenderPage();

        Assert.Equal("No sample yet: the engine has not evaluated this rollout.", Reasoning(page));
        Assert.Equal(["weight", "latency", "errors", "deltas", "pool"], page.FindComponents<DashboardChart>().Select(c => c.Instance.Name));
        Assert.Contains("0 samples", page.Find("[aria-label='Samples shown']").TextContent);
        Assert.Empty(page.FindAll(".ladder-rung[data-target]"));
    }

    [Fact]
    public void An_unknown_rollout_says_it_is_not_watched()
    {
        var page = RenderPage();

        Assert.Contains("Rollout shop/checkout is not in the watched namespaces", page.Markup);
    }

    [Fact]
    public void A_new_sample_is_appended_to_every_chart_and_the_header_follows()
    {
        Seed(Paused());
        var page = RenderPage();
        Assert.Contains("0 samples", page.Find("[aria-label='Samples shown']").TextContent);

        Live.Update(State(new("shop", "checkout"), Breach(Now)));

        page.WaitForAssertion(() => Assert.Contains("1 samples", page.Find("[aria-label='Samples shown']").TextContent), TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.Equal(5, JSInterop.Invocations.Count(i => i.Identifier.Contains("extendTraces", StringComparison.OrdinalIgnoreCase))), TimeSpan.FromSeconds(30));
        Assert.StartsWith("latency +50%", Reasoning(page));
    }

    [Fact]
    public void The_cluster_changing_the_rollout_changes_the_page()
    {
        Seed(Paused());
        var page = RenderPage();

        Snapshots.Set(Aborted());

        page.WaitForAssertion(() =>
        {
            Clock.Advance(TimeSpan.FromMilliseconds(100));   // the page's throttle of watch events
            Assert.Contains("Degraded", page.Find("[aria-label='Status message']").TextContent);
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(["Retry"], Enabled(page));
    }

    [Fact]
    public void The_range_in_the_url_limits_the_history()
    {
        Seed(Paused());
        foreach (var minutesAgo in new[] { 30, 20, 10, 1 })
            Live.Update(State(new("shop", "checkout"), Sample(Now.AddMinutes(-minutesAgo))));

        Assert.Contains("4 samples", RenderPage().Find("[aria-label='Samples shown']").TextContent);
        Assert.Contains("2 samples", RenderPage("15m").Find("[aria-label='Samples shown']").TextContent);
    }

    [Fact]
    public void Abort_opens_a_confirmation_with_the_exact_patch_and_command()
    {
        Seed(Paused());
        Prepare();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("button[data-action=Abort]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("""PATCH rollouts/status {"status":{"abort":true}}""", dialogs.Find("[aria-label=Patch]").TextContent));
        Assert.Equal("kubectl argo rollouts abort checkout -n shop", dialogs.Find("[aria-label=Command]").TextContent);
    }

    [Fact]
    public void Advance_confirmation_plans_the_first_rung_ahead()
    {
        Seed(Paused());
        Prepare();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("button[data-action=Advance]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("""PATCH rollouts/status {"status":{"pauseConditions":null,"currentStepIndex":10}}""",
            dialogs.Find("[aria-label=Patch]").TextContent));
        Assert.Equal("""kubectl patch rollout checkout -n shop --subresource=status --type=merge -p '{"status":{"pauseConditions":null,"currentStepIndex":10}}'""",
            dialogs.Find("[aria-label=Command]").TextContent);
        Assert.Empty(dialogs.FindAll("[aria-label=Warning]"));   // the next rung skips nothing
    }

    [Fact]
    public void A_viewer_sees_no_enabled_action_and_why()
    {
        SignInAs(DashboardRole.Viewer, "victor");
        Seed(Paused());

        var page = RenderPage();

        Assert.Empty(Enabled(page));
        Assert.Equal("needs the operator role; victor is viewer", Reason(page, "Abort"));
        Assert.Equal("needs the release-manager role; victor is viewer", Reason(page, "Promote"));
    }

    [Fact]
    public void An_operator_may_abort_and_pause_but_not_promote()
    {
        SignInAs(DashboardRole.Operator, "olga");
        Seed(Paused());

        var page = RenderPage();

        Assert.Equal(["Abort", "Pause"], Enabled(page));
        Assert.Equal("needs the release-manager role; olga is operator", Reason(page, "Advance"));
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        Seed(Paused());
        RenderPage();
        Assert.Equal(1, Live.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Live.SubscriberCount);
    }
}
