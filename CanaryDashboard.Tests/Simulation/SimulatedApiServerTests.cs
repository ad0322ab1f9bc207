using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CanaryDashboard.Tests.Simulation;

public sealed class SimulatedApiServerTests : SimulatedClusterTestBase
{
    [Fact]
    public async Task Lists_cluster_wide_and_per_namespace_with_the_store_resource_version()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));
        Cluster.Store.Load(LadderRollout("shop", "cart"));
        Cluster.Store.Load(LadderRollout("pay", "ledger"));

        var all = ToNode(await Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts));
        var shop = ToNode(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts));

        Assert.Equal("RolloutList", Json.Str(all["kind"]));
        Assert.Equal(["pay/ledger", "shop/cart", "shop/checkout"],
            all["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
        Assert.Equal(["cart", "checkout"], shop["items"]!.AsArray().Select(i => Json.Name(i!.AsObject())));
        Assert.Equal(Cluster.Store.ResourceVersion.ToString(), Json.Str(all["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task Label_selector_and_limit_continue_page_through_the_list()
    {
        for (var i = 0; i < 5; i++)
        {
            var rollout = LadderRollout("shop", $"app-{i}");
            rollout["metadata"]!["labels"]!["tier"] = i % 2 == 0 ? "web" : "api";
            Cluster.Store.Load(rollout);
        }

        var web = ToNode(await Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts, labelSelector: "tier=web"));
        Assert.Equal(["app-0", "app-2", "app-4"], web["items"]!.AsArray().Select(i => Json.Name(i!.AsObject())));

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = ToNode(await Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts, limit: 2, continueParameter: token));
            names.AddRange(page["items"]!.AsArray().Select(i => Json.Name(i!.AsObject())));
            token = Json.Str(page["metadata"]!["continue"]);
        } while (token is not null);
        Assert.Equal(["app-0", "app-1", "app-2", "app-3", "app-4"], names);
    }

    [Fact]
    public async Task Get_returns_the_object_and_404_is_a_NotFound_status()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));

        var rollout = ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, "checkout"));
        Assert.Equal("checkout", Json.Name(rollout));
        Assert.Equal(1, Json.Long(rollout["metadata"]!["generation"]));

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, "nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var status = JsonNode.Parse(missing.Response.Content)!;
        Assert.Equal("Status", Json.Str(status["kind"]));
        Assert.Equal("NotFound", Json.Str(status["reason"]));
        Assert.Equal("rollouts.argoproj.io \"nope\" not found", Json.Str(status["message"]));
    }

    [Fact]
    public async Task Merge_patch_on_the_main_resource_bumps_generation_on_spec_changes_and_ignores_status()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));

        var patched = ToNode(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"paused":true},"status":{"abort":true}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "shop", Rollouts, "checkout"));
        Assert.Equal(true, Json.Bool(patched["spec"]!["paused"]));
        Assert.Null(patched["status"]);
        Assert.Equal(2, Json.Long(patched["metadata"]!["generation"]));

        var labelsOnly = ToNode(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"web"}}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "shop", Rollouts, "checkout"));
        Assert.Equal("web", Json.Str(labelsOnly["metadata"]!["labels"]!["team"]));
        Assert.Equal(2, Json.Long(labelsOnly["metadata"]!["generation"]));

        var removed = ToNode(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"paused":null}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "shop", Rollouts, "checkout"));
        Assert.False(removed["spec"]!.AsObject().ContainsKey("paused"));
        Assert.Equal(3, Json.Long(removed["metadata"]!["generation"]));
    }

    [Fact]
    public async Task Merge_patch_on_the_status_subresource_changes_only_status()
    {
        var rollout = LadderRollout("shop", "checkout");
        rollout["status"] = new JsonObject
        {
            ["currentStepIndex"] = 1,
            ["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = "CanaryPauseStep", ["startTime"] = "2026-01-01T00:00:00Z" }),
        };
        Cluster.Store.Load(rollout);

        var patched = ToNode(await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"pauseConditions":null,"currentStepIndex":3},"spec":{"paused":true}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "shop", Rollouts, "checkout"));

        Assert.Equal(3, Json.Long(patched["status"]!["currentStepIndex"]));
        Assert.False(patched["status"]!.AsObject().ContainsKey("pauseConditions"));
        Assert.False(patched["spec"]!.AsObject().ContainsKey("paused"));
        Assert.Equal(1, Json.Long(patched["metadata"]!["generation"]));
        var stored = Cluster.Store.Get(ResourceCatalog.Rollouts, "shop", "checkout")!;
        Assert.Equal(3, Json.Long(stored["status"]!["currentStepIndex"]));
    }

    [Fact]
    public async Task A_patch_carrying_a_stale_resource_version_is_a_409_Conflict()
    {
        var loaded = Cluster.Store.Load(LadderRollout("shop", "checkout"));
        var stale = Json.Str(loaded["metadata"]!["resourceVersion"]);
        Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r => { r["spec"]!["replicas"] = 9; return r; });

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"spec\":{\"paused\":true}}", V1Patch.PatchType.MergePatch),
            Group, Version, "shop", Rollouts, "checkout"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("Conflict", Json.Str(JsonNode.Parse(conflict.Response.Content)!["reason"]));
        Assert.Null(Cluster.Store.Get(ResourceCatalog.Rollouts, "shop", "checkout")!["spec"]!["paused"]);
    }

    [Fact]
    public async Task Json_patch_and_strategic_merge_patch_are_415_with_a_status()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));

        var jsonPatch = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/paused","value":true}]""", V1Patch.PatchType.JsonPatch),
            Group, Version, "shop", Rollouts, "checkout"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, jsonPatch.Response.StatusCode);
        Assert.Equal("UnsupportedMediaType", Json.Str(JsonNode.Parse(jsonPatch.Response.Content)!["reason"]));
    }

    [Fact]
    public async Task A_forbidden_verb_answers_the_403_a_read_only_service_account_gets()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));
        Cluster.Access.ForbidWrites();

        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"abort":true}}""", V1Patch.PatchType.MergePatch), Group, Version, "shop", Rollouts, "checkout"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        var status = JsonNode.Parse(forbidden.Response.Content)!;
        Assert.Equal("Forbidden", Json.Str(status["reason"]));
        Assert.Equal(
            "rollouts.argoproj.io \"checkout\" is forbidden: User \"system:serviceaccount:canary-dashboard:canary-dashboard\" cannot patch resource \"rollouts/status\" in API group \"argoproj.io\" in the namespace \"shop\"",
            Json.Str(status["message"]));
        // Reads stay allowed.
        await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, "checkout");
    }

    [Fact]
    public async Task Create_fills_identity_and_a_second_create_is_409_AlreadyExists()
    {
        var created = ToNode(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(LadderRollout("shop", "checkout"),
            Group, Version, "shop", Rollouts));
        Assert.False(string.IsNullOrEmpty(Json.Str(created["metadata"]!["uid"])));
        Assert.Equal(1, Json.Long(created["metadata"]!["generation"]));
        Assert.NotNull(Json.Str(created["metadata"]!["creationTimestamp"]));

        var again = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.CreateNamespacedCustomObjectAsync(LadderRollout("shop", "checkout"), Group, Version, "shop", Rollouts));
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal("AlreadyExists", Json.Str(JsonNode.Parse(again.Response.Content)!["reason"]));

        // AnalysisTemplates have no status subresource.
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var noStatus = await http.GetAsync("/apis/argoproj.io/v1alpha1/namespaces/shop/analysistemplates/x/status");
        Assert.Equal(HttpStatusCode.NotFound, noStatus.StatusCode);
    }

    [Fact]
    public async Task Watch_from_a_list_version_sees_added_modified_and_deleted_in_order()
    {
        Cluster.Store.Load(LadderRollout("shop", "existing"));
        var list = ToNode(await Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts));
        var from = Json.Str(list["metadata"]!["resourceVersion"]);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<(WatchEventType Type, string Name, string? Version)>();
        var reading = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.CustomObjects.WatchListClusterCustomObjectAsync(
                               Group, Version, Rollouts, allowWatchBookmarks: true, resourceVersion: from, cancellationToken: cts.Token))
            {
                var node = ToNode(item);
                seen.Add((type, Json.Name(node), Json.Str(node["metadata"]!["resourceVersion"])));
                if (type == WatchEventType.Deleted)
                    break;
            }
        }, cts.Token);

        await WaitUntil(() => Cluster.Store.WatcherCount == 1, cts.Token);
        Cluster.Store.Load(LadderRollout("shop", "checkout"));
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"paused":true}}""", V1Patch.PatchType.MergePatch), Group, Version, "shop", Rollouts, "checkout");
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, "checkout");
        await reading;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(s => s.Type));
        Assert.All(seen, s => Assert.Equal("checkout", s.Name));
        var versions = seen.Select(s => long.Parse(s.Version!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(from!));
    }

    [Fact]
    public async Task Watch_without_a_version_starts_with_every_object_as_added()
    {
        Cluster.Store.Load(LadderRollout("shop", "a"));
        Cluster.Store.Load(LadderRollout("pay", "b"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var names = new List<string>();
        await foreach (var (type, item) in Client.CustomObjects.WatchListClusterCustomObjectAsync(
                           Group, Version, Rollouts, timeoutSeconds: 2, cancellationToken: cts.Token))
        {
            Assert.Equal(WatchEventType.Added, type);
            names.Add(Json.Name(ToNode(item)));
        }
        // The stream ended by itself after timeoutSeconds.
        Assert.Equal(["b", "a"], names);
    }

    [Fact]
    public async Task Watch_from_a_compacted_version_gets_an_error_event_with_410_Gone()
    {
        var first = Cluster.Store.Load(LadderRollout("shop", "checkout"));
        var old = Json.Str(first["metadata"]!["resourceVersion"]);
        Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r => { r["spec"]!["replicas"] = 7; return r; });
        Cluster.CompactHistory();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // KubernetesClient hands an ERROR event carrying a Status to onError as a KubernetesException.
        var events = new List<WatchEventType>();
        var errors = new List<Exception>();
        await foreach (var (type, _) in Client.CustomObjects.WatchListClusterCustomObjectAsync(
                           Group, Version, Rollouts, resourceVersion: old, onError: errors.Add, cancellationToken: cts.Token))
            events.Add(type);

        Assert.Empty(events);
        var gone = Assert.IsType<k8s.KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, gone.Status.Code);
        Assert.Equal("Expired", gone.Status.Reason);
        Assert.StartsWith("too old resource version: " + old, gone.Status.Message);

        // The current version is still fine to watch from.
        var current = Cluster.Store.ResourceVersion.ToString();
        Cluster.Store.Watch(ResourceCatalog.Rollouts, null, long.Parse(current)).Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
            await Task.Delay(20, ct);
    }
}
