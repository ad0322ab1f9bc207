using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;
using k8s;
using k8s.Autorest;
using k8s.Models;

// WatcherExt.WatchAsync<T, L> is marked obsolete in favour of the generated WatchList…Async methods,
// but those type custom objects as `object`; the generic one is the same code path and gives JsonElement.
#pragma warning disable CS0618

namespace CanaryDashboard.Kubernetes.Watch;

/// <summary>One kind the adapter lists and watches, and how its objects enter the cache.</summary>
public abstract class ResourceSource
{
    /// <summary>The resource as RBAC names it (rollouts, replicasets, …).</summary>
    public abstract string Resource { get; }

    /// <summary>Lists the kind in one namespace (null: all), replaces the cache's copy, returns the list's resourceVersion.</summary>
    public abstract Task<string> ListAsync(IKubernetes client, string? ns, ClusterCache cache, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/>, applying each event to the cache; returns the
    /// last resourceVersion seen when the server ends the stream. A 410 Gone (in the stream or as the
    /// answer) throws <see cref="ResourceVersionGoneException"/>.
    /// </summary>
    public abstract Task<string> WatchAsync(IKubernetes client, string? ns, string resourceVersion, int timeoutSeconds,
        ClusterCache cache, Action onEvent, CancellationToken cancellationToken);

    /// <summary>The kinds of the adapter, each with its RBAC resource from <see cref="KubernetesAccess"/>.</summary>
    public static IReadOnlyList<ResourceSource> All { get; } =
    [
        new CustomObjectSource("rollouts", (c, o) => c.UpsertRollout(o.Clone()), (c, o) => c.DeleteRollout(o), (c, ns, items) => c.ReplaceRollouts(ns, items.Select(i => i.Clone()))),
        new CustomObjectSource("analysisruns", (c, o) => c.Upsert(KubeObjectParser.AnalysisRun(o)), (c, o) => c.Delete(KubeObjectParser.AnalysisRun(o)), (c, ns, items) => c.ReplaceAnalysisRuns(ns, items.Select(KubeObjectParser.AnalysisRun))),
        new CustomObjectSource("experiments", (c, o) => c.Upsert(KubeObjectParser.Experiment(o)), (c, o) => c.Delete(KubeObjectParser.Experiment(o)), (c, ns, items) => c.ReplaceExperiments(ns, items.Select(KubeObjectParser.Experiment))),
        new TypedSource<V1ReplicaSet, V1ReplicaSetList>("replicasets",
            (k, ns, rv, watch, timeout, ct) => ns is null
                ? k.AppsV1.ListReplicaSetForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct)
                : k.AppsV1.ListNamespacedReplicaSetWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct),
            l => (l.Items, l.Metadata?.ResourceVersion), i => i.Metadata,
            (c, o) => c.Upsert(KubeObjectParser.ReplicaSet(o)), (c, o) => c.Delete(KubeObjectParser.ReplicaSet(o)), (c, ns, items) => c.ReplaceReplicaSets(ns, items.Select(KubeObjectParser.ReplicaSet))),
        new TypedSource<V1Pod, V1PodList>("pods",
            (k, ns, rv, watch, timeout, ct) => ns is null
                ? k.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct)
                : k.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct),
            l => (l.Items, l.Metadata?.ResourceVersion), i => i.Metadata,
            (c, o) => c.Upsert(KubeObjectParser.Pod(o)), (c, o) => c.Delete(KubeObjectParser.Pod(o)), (c, ns, items) => c.ReplacePods(ns, items.Select(KubeObjectParser.Pod))),
        new TypedSource<V1Deployment, V1DeploymentList>("deployments",
            (k, ns, rv, watch, timeout, ct) => ns is null
                ? k.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct)
                : k.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct),
            l => (l.Items, l.Metadata?.ResourceVersion), i => i.Metadata,
            (c, o) => c.Upsert(KubeObjectParser.Deployment(o)), (c, o) => c.Delete(KubeObjectParser.Deployment(o)), (c, ns, items) => c.ReplaceDeployments(ns, items.Select(KubeObjectParser.Deployment))),
    ];

    /// <summary>Runs the watch stream, turning the library's error callback (a Status event) into exceptions.</summary>
    protected static async Task<string> ConsumeAsync<T>(
        Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> stream,
        string resourceVersion, Func<T, string?> versionOf, Action<WatchEventType, T> apply, Action onEvent, CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (var (type, item) in stream(ex => { streamError ??= ex; stop.Cancel(); }, stop.Token))
            {
                if (type != WatchEventType.Error && item is not null)
                {
                    if (type != WatchEventType.Bookmark)
                        apply(type, item);
                    resourceVersion = versionOf(item) ?? resourceVersion;
                    onEvent();
                }
            }
        }
        catch (OperationCanceledException) when (streamError is not null && !cancellationToken.IsCancellationRequested)
        {
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.Gone)
        {
            throw new ResourceVersionGoneException(ex.Message, ex);
        }
        catch (Exception ex) when (IsEmptyStream(ex))
        {
            // The server closed the watch before any event (its timeout): a normal end.
            return resourceVersion;
        }

        switch (streamError)
        {
            case null:
                return resourceVersion;
            case KubernetesException { Status.Code: 410 } gone:
                throw new ResourceVersionGoneException(gone.Status.Message ?? "410 Gone", gone);
            case KubernetesException status:
                throw new WatchStreamException($"the watch stream reported {status.Status.Code} {status.Status.Reason}: {status.Status.Message}", status);
            default:
                throw new WatchStreamException($"an event could not be read: {streamError.Message}", streamError);
        }
    }

    private static bool IsEmptyStream(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is EndOfStreamException)
                return true;
        }
        return false;
    }

    protected static (IEnumerable<JsonElement> Items, string ResourceVersion) Unpack(JsonElement list) =>
        (list.Prop("items").Items(), list.Prop("metadata").Str("resourceVersion") ?? "");
}

/// <summary>An Argo kind (argoproj.io/v1alpha1), read as JSON through the custom-objects API.</summary>
internal sealed class CustomObjectSource(
    string plural,
    Action<ClusterCache, JsonElement> upsert,
    Action<ClusterCache, JsonElement> delete,
    Action<ClusterCache, string?, IEnumerable<JsonElement>> replace) : ResourceSource
{
    private const string Version = "v1alpha1";
    public override string Resource => plural;

    private Task<HttpOperationResponse<JsonElement>> Call(IKubernetes client, string? ns, string? rv, bool watch, int? timeout, CancellationToken ct) =>
        ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(KubernetesAccess.ArgoGroup, Version, plural,
                allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(KubernetesAccess.ArgoGroup, Version, ns, plural,
                allowWatchBookmarks: watch ? true : null, resourceVersion: rv, timeoutSeconds: timeout, watch: watch ? true : null, cancellationToken: ct);

    public override async Task<string> ListAsync(IKubernetes client, string? ns, ClusterCache cache, CancellationToken cancellationToken)
    {
        using var response = await Call(client, ns, null, false, null, cancellationToken);
        var (items, rv) = Unpack(response.Body);
        replace(cache, ns, items);
        return rv;
    }

    public override Task<string> WatchAsync(IKubernetes client, string? ns, string resourceVersion, int timeoutSeconds,
        ClusterCache cache, Action onEvent, CancellationToken cancellationToken) =>
        ConsumeAsync<JsonElement>(
            (onError, ct) => Call(client, ns, resourceVersion, true, timeoutSeconds, ct).WatchAsync<JsonElement, JsonElement>(onError, ct),
            resourceVersion, o => o.Prop("metadata").Str("resourceVersion"),
            (type, o) => { if (type == WatchEventType.Deleted) delete(cache, o); else upsert(cache, o); },
            onEvent, cancellationToken);
}

/// <summary>A built-in kind read through KubernetesClient's typed API.</summary>
internal sealed class TypedSource<T, TList>(
    string resource,
    Func<IKubernetes, string?, string?, bool, int?, CancellationToken, Task<HttpOperationResponse<TList>>> call,
    Func<TList, (IList<T> Items, string? ResourceVersion)> unpack,
    Func<T, V1ObjectMeta?> metaOf,
    Action<ClusterCache, T> upsert,
    Action<ClusterCache, T> delete,
    Action<ClusterCache, string?, IEnumerable<T>> replace) : ResourceSource
{
    public override string Resource => resource;

    public override async Task<string> ListAsync(IKubernetes client, string? ns, ClusterCache cache, CancellationToken cancellationToken)
    {
        using var response = await call(client, ns, null, false, null, cancellationToken);
        var (items, rv) = unpack(response.Body);
        replace(cache, ns, items ?? []);
        return rv ?? "";
    }

    public override Task<string> WatchAsync(IKubernetes client, string? ns, string resourceVersion, int timeoutSeconds,
        ClusterCache cache, Action onEvent, CancellationToken cancellationToken) =>
        ConsumeAsync<T>(
            (onError, ct) => call(client, ns, resourceVersion, true, timeoutSeconds, ct).WatchAsync<T, TList>(onError, ct),
            resourceVersion, o => metaOf(o)?.ResourceVersion,
            (type, o) => { if (type == WatchEventType.Deleted) delete(cache, o); else upsert(cache, o); },
            onEvent, cancellationToken);
}

/// <summary>410 Gone: the resourceVersion is too old; the kind must be listed again.</summary>
public sealed class ResourceVersionGoneException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class WatchStreamException(string message, Exception? inner = null) : Exception(message, inner);
