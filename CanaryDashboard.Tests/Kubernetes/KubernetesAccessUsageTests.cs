using System.Text.Json;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>The adapter asks for nothing that <see cref="KubernetesAccess"/> (the chart's RBAC source) does not list, and the list holds nothing unused.</summary>
public class KubernetesAccessUsageTests
{
    [Fact]
    public void Every_watched_kind_has_get_list_and_watch_and_no_read_rule_goes_unused()
    {
        foreach (var source in ResourceSource.All)
        {
            var rule = Assert.Single(KubernetesAccess.Rules, r => r.Resource == source.Resource && !r.IsWrite);
            Assert.Equal(["get", "list", "watch"], rule.Verbs);
        }
        Assert.Equal(ResourceSource.All.Select(s => s.Resource).ToHashSet(),
            KubernetesAccess.Rules.Where(r => !r.IsWrite).Select(r => r.Resource).ToHashSet());
    }

    [Fact]
    public void The_actions_patch_exactly_what_the_write_rules_allow()
    {
        var paused = JsonSerializer.SerializeToElement(TestRollouts.Ladder("shop", "checkout", 3, [1, 2, 5], paused: true));
        var aborted = JsonSerializer.SerializeToElement(TestRollouts.Ladder("shop", "checkout", 3, [1, 2, 5], aborted: true));
        var patched = Enum.GetValues<RolloutAction>()
            .SelectMany(a => new[] { paused, aborted }.Select(r => RolloutActionPlanner.Plan(new RolloutActionRequest(new RolloutKey("shop", "checkout"), a, 4), r)))
            .SelectMany(p => p.Patches)
            .Select(p => p.Resource)
            .ToHashSet();

        Assert.Equal(patched, KubernetesAccess.Rules.Where(r => r.IsWrite).Select(r => r.Resource).ToHashSet());
        Assert.All(KubernetesAccess.Rules.Where(r => r.IsWrite), r => Assert.Equal(["patch"], r.Verbs));
        Assert.DoesNotContain(KubernetesAccess.For(readOnly: true), r => r.IsWrite);
    }
}
