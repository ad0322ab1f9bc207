using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using k8s;

namespace CanaryDashboard.Tests.Simulation;

public sealed class SimulatedApiServerLifecycleTests : SimulatedClusterTestBase
{
    [Fact]
    public async Task Stopping_the_listener_cuts_an_open_watch_and_restarting_serves_the_same_store_on_the_same_port()
    {
        Cluster.Store.Load(LadderRollout("shop", "checkout"));
        var port = Cluster.Port;
        var seenVersion = Cluster.Store.ResourceVersion.ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var added = new TaskCompletionSource();
        Exception? streamError = null;
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, _) in Client.CustomObjects.WatchListClusterCustomObjectAsync(
                                   Group, Version, Rollouts, onError: e => streamError = e, cancellationToken: cts.Token))
                {
                    if (type == WatchEventType.Added) added.TrySetResult();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                streamError = e;
            }
        }, cts.Token);
        await added.Task.WaitAsync(cts.Token);

        await Cluster.StopListeningAsync();
        await watching.WaitAsync(cts.Token);   // the stream ended: the client saw the server go away
        Assert.False(Cluster.IsListening);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts, cancellationToken: cts.Token));

        Cluster.Store.Load(LadderRollout("shop", "cart"));   // changes while the server is away
        await Cluster.StartListeningAsync(cts.Token);

        Assert.Equal(port, Cluster.Port);
        var list = ToNode(await Client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Rollouts, cancellationToken: cts.Token));
        Assert.Equal(["cart", "checkout"], list["items"]!.AsArray().Select(i => Json.Name(i!.AsObject())));

        // A client resuming its watch from the last version it saw gets what it missed while the server was away.
        var missed = new List<string>();
        await foreach (var (type, item) in Client.CustomObjects.WatchListClusterCustomObjectAsync(
                           Group, Version, Rollouts, resourceVersion: seenVersion, timeoutSeconds: 1, cancellationToken: cts.Token))
            missed.Add($"{type} {Json.Name(ToNode(item))}");
        Assert.Equal(["Added cart"], missed);
    }

    [Fact]
    public async Task An_idle_watch_that_allows_bookmarks_gets_one_with_the_current_version()
    {
        await using var cluster = await CanaryDashboard.Simulation.SimulatedCluster.StartAsync(new()
        {
            DataPath = Path.Combine(Cluster.DataPath, "bookmarks"),
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        });
        cluster.Store.Load(LadderRollout("shop", "checkout"));
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var seen = new List<(WatchEventType Type, string? Version)>();
        await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(
                           Group, Version, Rollouts, allowWatchBookmarks: true, cancellationToken: cts.Token))
        {
            seen.Add((type, Json.Str(ToNode(item)["metadata"]!["resourceVersion"])));
            if (type == WatchEventType.Bookmark)
                break;
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], seen.Select(s => s.Type));
        Assert.Equal(cluster.Store.ResourceVersion.ToString(), seen[1].Version);
    }

    [Fact]
    public async Task Discovery_documents_parse_as_kubectl_reads_them()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };

        var version = await http.GetFromJsonAsync<JsonObject>("/version");
        Assert.Equal("1", Json.Str(version!["major"]));

        var core = await http.GetFromJsonAsync<JsonObject>("/api");
        Assert.Equal("APIVersions", Json.Str(core!["kind"]));
        Assert.Contains("v1", core["versions"]!.AsArray().Select(v => Json.Str(v)));

        var groups = await http.GetFromJsonAsync<JsonObject>("/apis");
        var argo = groups!["groups"]!.AsArray().Single(g => Json.Str(g!["name"]) == "argoproj.io")!;
        Assert.Equal("argoproj.io/v1alpha1", Json.Str(argo["preferredVersion"]!["groupVersion"]));

        var argoResources = await http.GetFromJsonAsync<JsonObject>("/apis/argoproj.io/v1alpha1");
        var resources = argoResources!["resources"]!.AsArray().ToDictionary(r => Json.Str(r!["name"])!, r => r!);
        Assert.Equal("Rollout", Json.Str(resources["rollouts"]["kind"]));
        Assert.Contains("patch", resources["rollouts"]["verbs"]!.AsArray().Select(v => Json.Str(v)));
        Assert.Contains("watch", resources["rollouts"]["verbs"]!.AsArray().Select(v => Json.Str(v)));
        Assert.Contains("patch", resources["rollouts/status"]["verbs"]!.AsArray().Select(v => Json.Str(v)));
        Assert.True(resources.ContainsKey("analysisruns"));
        Assert.True(resources.ContainsKey("experiments"));

        var coreResources = await http.GetFromJsonAsync<JsonObject>("/api/v1");
        Assert.Contains("pods", coreResources!["resources"]!.AsArray().Select(r => Json.Str(r!["name"])));
        var apps = await http.GetFromJsonAsync<JsonObject>("/apis/apps/v1");
        Assert.Contains("replicasets", apps!["resources"]!.AsArray().Select(r => Json.Str(r!["name"])));

        var unknown = await http.GetAsync("/apis/nope.io/v1/things");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Status", Json.Str((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["kind"]));
    }

    [Fact]
    public async Task Typed_core_and_apps_reads_work_through_the_generated_client()
    {
        Cluster.Store.Load(JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-abc","namespace":"shop","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}}},"status":{"replicas":2,"availableReplicas":2}}
            """)!.AsObject());
        Cluster.Store.Load(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-abc-x1","namespace":"shop","labels":{"app":"web"}},
             "spec":{"containers":[{"name":"app","image":"web:v1"}]},"status":{"phase":"Running"}}
            """)!.AsObject());

        var replicaSets = await Client.AppsV1.ListReplicaSetForAllNamespacesAsync(labelSelector: "app=web");
        var pods = await Client.CoreV1.ListNamespacedPodAsync("shop");
        var namespaces = await Client.CoreV1.ListNamespaceAsync();

        Assert.Equal(2, Assert.Single(replicaSets.Items).Status.AvailableReplicas);
        Assert.Equal("Running", Assert.Single(pods.Items).Status.Phase);
        Assert.Contains("shop", namespaces.Items.Select(n => n.Metadata.Name));
    }
}

public sealed class SimulatedWatchSelectorTests : SimulatedClusterTestBase
{
    [Fact]
    public async Task A_watch_with_label_and_field_selectors_sees_only_matching_objects()
    {
        var tagged = LadderRollout("shop", "web");
        tagged["metadata"]!["labels"]!["tier"] = "front";
        Cluster.Store.Load(tagged);
        Cluster.Store.Load(LadderRollout("shop", "api"));
        Cluster.Store.Load(LadderRollout("pay", "web"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        async Task<List<string>> Watch(string? labels, string? fields, string? ns = null)
        {
            var names = new List<string>();
            var stream = ns is null
                ? Client.CustomObjects.WatchListClusterCustomObjectAsync(Group, Version, Rollouts, labelSelector: labels, fieldSelector: fields, timeoutSeconds: 1, cancellationToken: cts.Token)
                : Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, ns, Rollouts, labelSelector: labels, fieldSelector: fields, timeoutSeconds: 1, cancellationToken: cts.Token);
            await foreach (var (_, item) in stream)
            {
                var node = ToNode(item);
                names.Add($"{Json.Namespace(node)}/{Json.Name(node)}");
            }
            return names;
        }

        Assert.Equal(["shop/web"], await Watch("tier=front", null));
        Assert.Equal(["pay/web", "shop/web"], await Watch(null, "metadata.name=web"));
        Assert.Equal(["shop/api", "shop/web"], await Watch(null, null, ns: "shop"));
    }
}
