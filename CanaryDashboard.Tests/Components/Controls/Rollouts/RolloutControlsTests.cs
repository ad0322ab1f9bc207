using Bunit;
using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Data.Queries;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Controls.Rollouts;

/// <summary>The small controls of the rollout pages: sparkline, ladder, history tables.</summary>
public sealed class RolloutControlsTests : PageTestContext
{
    [Fact]
    public void Sparkline_maps_weights_from_bottom_to_top()
    {
        var svg = Render<WeightSparkline>(p => p.Add(s => s.Weights, [0d, 50d, 100d]).Add(s => s.Width, 82).Add(s => s.Height, 22));

        // x from 1 to 81 in 2 steps, y: 0 % at the bottom (21), 100 % at the top (1).
        Assert.Equal("1,21 41,11 81,1", svg.Find("polyline").GetAttribute("points"));
    }

    [Fact]
    public void Sparkline_without_history_draws_a_placeholder() =>
        Assert.Empty(Render<WeightSparkline>(p => p.Add(s => s.Weights, [20d])).FindAll("polyline"));

    [Fact]
    public void Ladder_marks_passed_current_and_target_rungs()
    {
        var snapshot = Paused(rungIndex: 3);   // at step 7, rung 10 %
        var ladder = Render<LadderView>(p => p
            .Add(l => l.Rungs, snapshot.Ladder)
            .Add(l => l.CurrentStepIndex, snapshot.CurrentStepIndex)
            .Add(l => l.TargetRung, snapshot.Ladder[5]));

        Assert.Equal(["1%", "2%", "5%"], ladder.FindAll(".ladder-rung.passed").Select(e => e.TextContent.Trim()));
        Assert.Equal("10%", ladder.Find(".ladder-rung.current").TextContent.Trim());
        Assert.Equal("35%", ladder.Find(".ladder-rung.target").TextContent.Trim());
    }

    [Fact]
    public void History_tables_list_decisions_and_audit_rows()
    {
        var tables = Render<RolloutHistoryTables>(p => p
            .Add(t => t.Decisions, [new DecisionView(1, Now, "Auto", "Proceed", 47.6, 47.6, 0.08, 0.001, "ok", "advance-after-n-polls", "Advance", 35, 10, null, null, "sent", true)])
            .Add(t => t.Audit, [new AuditView(2, Now, "alice", "abort", "succeeded", "rollouts/status", """{"status":{"abort":true}}""", "kubectl argo rollouts abort checkout -n shop", null)]));

        Assert.Contains("advance-after-n-polls → Advance 35%", tables.Find("[aria-label='Decision timeline']").TextContent);
        var audit = tables.Find("[aria-label='Audit log'] tr[data-audit-action=abort]");
        Assert.Contains("alice", audit.TextContent);
        Assert.Contains("""{"status":{"abort":true}}""", audit.TextContent);
    }

    [Fact]
    public void Empty_history_says_so()
    {
        var tables = Render<RolloutHistoryTables>();
        Assert.Contains("No decision yet", tables.Markup);
        Assert.Contains("No action on this rollout yet.", tables.Markup);
    }
}
