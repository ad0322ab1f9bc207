using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Watch;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>The adapter asks for nothing that <see cref="KubernetesAccess"/> (the chart's RBAC source) does not list, and the list holds nothing unused.</summary>
public class KubernetesAccessUsageTests
{
    [Fact]
    public void Every_watched_kind_has_get_list_and_watch()
    {
        foreach (var source in ResourceSource.All)
        {
            var rule = Assert.Single(KubernetesAccess.Rules, r => r.Resource == source.Resource && !r.IsWrite);
            Assert.Equal(["get", "list", "watch"], rule.Verbs);
        }
    }

    [Fact]
    public void The_actions_patch_exactly_the_rollout_and_its_status()
    {
        var patched = new[] { RolloutAction.Abort, RolloutAction.Pause }
            .Select(a => a == RolloutAction.Abort ? new PlannedPatch(true, "").Resource : new PlannedPatch(false, "").Resource)
            .ToHashSet();

        Assert.Equal(patched, KubernetesAccess.Rules.Where(r => r.IsWrite).Select(r => r.Resource).ToHashSet());
        Assert.All(KubernetesAccess.Rules.Where(r => r.IsWrite), r => Assert.Equal(["patch"], r.Verbs));
    }

    [Fact]
    public void No_read_rule_goes_unused()
    {
        var watched = ResourceSource.All.Select(s => s.Resource).ToHashSet();

        Assert.Equal(watched, KubernetesAccess.Rules.Where(r => !r.IsWrite).Select(r => r.Resource).ToHashSet());
        Assert.Empty(KubernetesAccess.For(readOnly: true).Where(r => r.IsWrite));
    }
}
