using System.Text.RegularExpressions;
using CanaryDashboard.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// The chart's RBAC equals what the adapter's code asks for (KubernetesAccess.Rules, the one
/// source of truth): files/rbac-rules.yaml holds the rules once, `read` for every install and
/// `write` dropped by readOnly, and every Role/ClusterRole template renders exactly that helper.
/// </summary>
public class ChartRbacTests
{
    private const string RulesFile = "files/rbac-rules.yaml";

    private sealed record Grant(string ApiGroup, string Resource, string Verb)
    {
        public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}:{Verb}";
    }

    [Fact]
    public void A_full_install_grants_exactly_the_verbs_of_KubernetesAccess()
    {
        var granted = ChartSection("read").Concat(ChartSection("write")).ToHashSet();

        AssertSameGrants(Expand(KubernetesAccess.For(readOnly: false)), granted);
    }

    [Fact]
    public void A_read_only_install_grants_exactly_the_read_rules_of_KubernetesAccess()
    {
        AssertSameGrants(Expand(KubernetesAccess.For(readOnly: true)), ChartSection("read").ToHashSet());
    }

    [Fact]
    public void ReadOnly_drops_exactly_the_write_rules_and_no_write_verb_is_left_behind()
    {
        var write = ChartSection("write").ToHashSet();
        AssertSameGrants(Expand(KubernetesAccess.Rules.Where(r => r.IsWrite)), write);

        var read = ChartSection("read").ToList();
        Assert.DoesNotContain(read, g => KubernetesAccess.WriteVerbs.Contains(g.Verb));
        Assert.All(read, g => Assert.Contains(g.Verb, KubernetesAccess.ReadVerbs));
    }

    [Fact]
    public void Every_rule_names_groups_resources_and_verbs_and_nothing_broader()
    {
        var root = ChartFiles.LoadMapping(RulesFile);
        Assert.Equal(["read", "write"], root.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
        foreach (var (_, section) in root.Children)
        {
            foreach (var rule in ((YamlSequenceNode)section).Children.Cast<YamlMappingNode>())
            {
                Assert.Equal(["apiGroups", "resources", "verbs"], rule.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
                Assert.DoesNotContain(Items(rule, "verbs").Concat(Items(rule, "resources")).Concat(Items(rule, "apiGroups")), v => v == "*");
            }
        }
    }

    [Fact]
    public void The_rules_are_written_once_and_both_role_kinds_render_them()
    {
        var helpers = ChartFiles.ReadText("templates/_helpers.tpl");
        Assert.Contains($".Files.Get \"{RulesFile}\"", helpers);
        Assert.Matches(new Regex(@"if not \.Values\.readOnly -}}\s*\{\{- \$selected = concat \$rules\.read \$rules\.write"), helpers);

        foreach (var (template, kind) in new[] { ("templates/clusterrole.yaml", "ClusterRole"), ("templates/role.yaml", "Role") })
        {
            var text = ChartFiles.ReadText(template);
            Assert.Contains($"kind: {kind}\n", text);
            Assert.Matches(new Regex(@"rules:\n\s+\{\{- include ""canary-dashboard\.rbacRules"" \$?\.? \| nindent 2 \}\}"), text);
        }

        // No template spells out verbs of its own: the helper's file is the only list.
        var templatesWithVerbs = Directory.EnumerateFiles(ChartFiles.PathOf("templates"))
            .Where(f => File.ReadAllText(f).Contains("verbs", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Assert.Empty(templatesWithVerbs);
    }

    [Fact]
    public void The_role_kind_follows_watchNamespaces()
    {
        Assert.Contains("if and .Values.rbac.create (empty .Values.watchNamespaces)", ChartFiles.ReadText("templates/clusterrole.yaml"));
        var role = ChartFiles.ReadText("templates/role.yaml");
        Assert.Contains("if and .Values.rbac.create .Values.watchNamespaces", role);
        Assert.Contains("range $namespace := .Values.watchNamespaces", role);
        Assert.Contains("namespace: {{ $namespace }}", role);
    }

    private static IEnumerable<Grant> ChartSection(string section)
    {
        var rules = Assert.IsType<YamlSequenceNode>(ChartFiles.LoadMapping(RulesFile).Required(section));
        Assert.NotEmpty(rules.Children);
        foreach (var rule in rules.Children.Cast<YamlMappingNode>())
        {
            foreach (var group in Items(rule, "apiGroups"))
            foreach (var resource in Items(rule, "resources"))
            foreach (var verb in Items(rule, "verbs"))
                yield return new Grant(group, resource, verb);
        }
    }

    private static IEnumerable<string> Items(YamlMappingNode rule, string key)
    {
        var items = Assert.IsType<YamlSequenceNode>(rule.Required(key)).Children;
        Assert.NotEmpty(items);
        return items.Select(i => ((YamlScalarNode)i).Value ?? "");
    }

    private static HashSet<Grant> Expand(IEnumerable<AccessRule> rules) =>
        rules.SelectMany(r => r.Verbs.Select(v => new Grant(r.ApiGroup, r.Resource, v))).ToHashSet();

    private static void AssertSameGrants(HashSet<Grant> expected, HashSet<Grant> actual)
    {
        var missing = expected.Except(actual).Select(g => g.ToString()).Order().ToList();
        var extra = actual.Except(expected).Select(g => g.ToString()).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"chart RBAC differs from KubernetesAccess.Rules; missing: [{string.Join(", ", missing)}]; extra: [{string.Join(", ", extra)}]");
    }
}
