using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CanaryDashboard.Simulation.Api;

/// <summary>
/// Serves the Kubernetes REST API over the <see cref="ObjectStore"/>: discovery, list (with label
/// and field selectors, limit/continue), get, streamed watch, create, replace, merge patch and
/// delete, on the main resource and the status subresource. Failures are real <c>Status</c> objects.
/// </summary>
internal sealed class KubernetesApiHandler(ObjectStore store, AccessRules access, Func<string> hostAndPort,
    Func<HttpContext, Task<bool>>? extraRoutes = null)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly ConcurrentDictionary<HttpContext, byte> _openWatches = new();

    /// <summary>Drops every open watch connection abruptly, as a dying API server does.</summary>
    public void AbortWatches()
    {
        foreach (var context in _openWatches.Keys)
        {
            // A watch whose request finished between the snapshot of the keys and this call has nothing
            // left to abort: its context is disposed, or already reset by Kestrel (whose Abort then
            // meets no features and throws a NullReferenceException).
            if (!_openWatches.ContainsKey(context))
                continue;
            try { context.Abort(); }
            catch (ObjectDisposedException) { }
            catch (InvalidOperationException) { }
            catch (NullReferenceException) { }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiException e)
        {
            await WriteJsonAsync(context, e.Code, e.ToStatus());
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, 400, ApiException.BadRequest("the request body is not valid JSON: " + e.Message).ToStatus());
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or the server is stopping): nothing left to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A defect of the simulation is still answered as the API server would: a 500 Status.
            await WriteJsonAsync(context, 500, ApiStatus.Failure(500, "InternalError", "simulated API server error: " + e.Message));
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (request.Method == HttpMethods.Get && DiscoveryDocument(path) is { } document)
        {
            await WriteJsonAsync(context, 200, document);
            return;
        }
        if (extraRoutes is not null && await extraRoutes(context))
            return;
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok");
            return;
        }

        var target = ApiRequest.Parse(path) ?? throw ApiException.PathNotFound(path);
        if (target.Subresource is not null && (target.Subresource != "status" || !target.Type.HasStatusSubresource))
            throw ApiException.PathNotFound(path);

        switch (request.Method)
        {
            case "GET" when target.Name is null && IsTrue(request.Query["watch"]):
                access.Check("watch", target.Type, null, target.Namespace, null);
                await WatchAsync(context, target);
                break;
            case "GET" when target.Name is null:
                access.Check("list", target.Type, null, target.Namespace, null);
                await WriteJsonAsync(context, 200, List(context, target));
                break;
            case "GET":
                access.Check("get", target.Type, target.Subresource, target.Namespace, target.Name);
                await WriteJsonAsync(context, 200, store.GetRequired(target.Type, target.Namespace, target.Name!));
                break;
            case "POST" when target.Name is null:
                access.Check("create", target.Type, null, target.Namespace, null);
                await WriteJsonAsync(context, 201, Create(target, await ReadObjectAsync(context)));
                break;
            case "PUT" when target.Name is not null:
                access.Check("update", target.Type, target.Subresource, target.Namespace, target.Name);
                await WriteJsonAsync(context, 200, Replace(target, await ReadObjectAsync(context)));
                break;
            case "PATCH" when target.Name is not null:
                access.Check("patch", target.Type, target.Subresource, target.Namespace, target.Name);
                EnsureMergePatch(request.ContentType);
                await WriteJsonAsync(context, 200, Patch(target, await ReadObjectAsync(context)));
                break;
            case "DELETE" when target.Name is not null && target.Subresource is null:
                access.Check("delete", target.Type, null, target.Namespace, target.Name);
                await WriteJsonAsync(context, 200, store.Delete(target.Type, target.Namespace, target.Name));
                break;
            default:
                throw ApiException.MethodNotAllowed(request.Method);
        }
    }

    private JsonObject? DiscoveryDocument(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed == "/version") return Discovery.Version();
        if (trimmed == "/api") return Discovery.CoreVersions(hostAndPort());
        if (trimmed == "/apis") return Discovery.GroupList();
        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", var v] => Discovery.ResourceList("", v),
            ["apis", var g] => ResourceCatalog.NamedGroups.FirstOrDefault(x => x.Group == g) is { Group: not null } found
                ? Discovery.Group(found.Group, found.Version) : null,
            ["apis", var g, var v] => Discovery.ResourceList(g, v),
            _ => null,
        };
    }

    private JsonObject List(HttpContext context, ApiRequest target)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : (int?)null;
        var page = store.List(target.Type, target.Namespace, LabelSelector.Parse(query["labelSelector"]),
            LabelSelector.Parse(query["fieldSelector"]), limit, query["continue"]);
        var metadata = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            metadata["remainingItemCount"] = page.RemainingItemCount;
        }
        return new JsonObject
        {
            ["apiVersion"] = target.Type.GroupVersion,
            ["kind"] = target.Type.ListKind,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Items.Select(i => (JsonNode)i).ToArray()),
        };
    }

    private async Task WatchAsync(HttpContext context, ApiRequest target)
    {
        var query = context.Request.Query;
        long? from = null;
        if (query["resourceVersion"] is { Count: > 0 } rv && !string.IsNullOrEmpty(rv.ToString()))
        {
            if (!long.TryParse(rv.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                throw ApiException.BadRequest($"invalid resource version: {rv}");
            from = parsed;
        }
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = LabelSelector.Parse(query["fieldSelector"]);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";

        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(target.Type, target.Namespace, from, labels, fields);
        }
        catch (ApiException gone) when (gone.Code == 410)
        {
            // As the real API server: the watch is accepted, then ends with an ERROR event carrying the 410 Status.
            await WriteEventAsync(response, "ERROR", Json.ToUtf8(gone.ToStatus()), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            return;
        }

        using var _ = subscription;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        _openWatches[context] = 0;
        try
        {
            await response.StartAsync(timeout.Token);
            await response.Body.FlushAsync(timeout.Token);
            var reader = subscription.Events;
            var bookmarks = IsTrue(query["allowWatchBookmarks"]);
            while (true)
            {
                // Wait for events; with bookmarks allowed, wake up every BookmarkInterval to send one.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                if (bookmarks)
                    wait.CancelAfter(BookmarkInterval);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    if (store.BookmarkVersion(subscription) is { } version)
                    {
                        await WriteEventAsync(response, "BOOKMARK", Json.ToUtf8(Bookmark(target.Type, version)), timeout.Token);
                        await response.Body.FlushAsync(timeout.Token);
                    }
                    continue;
                }
                if (!more)
                    break;
                while (reader.TryRead(out var e))
                    await WriteEventAsync(response, e.Type, e.ObjectJson, timeout.Token);
                await response.Body.FlushAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the client left: end the stream cleanly.
        }
        finally
        {
            _openWatches.TryRemove(context, out var _);
        }
    }

    /// <summary>How often a watch that allows bookmarks gets one when idle (the real API server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    private static JsonObject Bookmark(ResourceType type, long version) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.GroupVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
    };

    private static async Task WriteEventAsync(HttpResponse response, string type, byte[] objectJson, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"), ct);
        await response.Body.WriteAsync(objectJson, ct);
        await response.Body.WriteAsync("}"u8.ToArray(), ct);
        await response.Body.WriteAsync(NewLine, ct);
    }

    private JsonObject Create(ApiRequest target, JsonObject body)
    {
        var metadata = Json.Metadata(body);
        if (target.Namespace is not null)
        {
            if (Json.Str(metadata["namespace"]) is { Length: > 0 } bodyNs && bodyNs != target.Namespace)
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            metadata["namespace"] = target.Namespace;
        }
        return store.Create(target.Type, body);
    }

    private JsonObject Replace(ApiRequest target, JsonObject body)
    {
        if (Json.Name(body) is { Length: > 0 } bodyName && bodyName != target.Name)
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({target.Name})");
        return store.Update(target.Type, target.Namespace, target.Name!, current =>
        {
            CheckResourceVersion(target, body, current);
            if (target.Subresource == "status")
                return WithStatusOf(current, body);
            var replaced = body.DeepClone().AsObject();
            return target.Type.HasStatusSubresource ? WithStatusOf(replaced, current) : replaced;
        });
    }

    private JsonObject Patch(ApiRequest target, JsonObject patch) =>
        store.Update(target.Type, target.Namespace, target.Name!, current =>
        {
            CheckResourceVersion(target, patch, current);
            var merged = (JsonObject)MergePatch.Apply(current, patch)!;
            if (target.Subresource == "status")
                return WithStatusOf(current, merged);         // the status subresource changes nothing but status
            return target.Type.HasStatusSubresource ? WithStatusOf(merged, current) : merged;  // and the main resource never status
        });

    /// <summary>Returns <paramref name="target"/> with the status of <paramref name="source"/> (or none).</summary>
    private static JsonObject WithStatusOf(JsonObject target, JsonObject source)
    {
        var result = target.DeepClone().AsObject();
        if (source["status"] is { } status)
            result["status"] = status.DeepClone();
        else
            result.Remove("status");
        return result;
    }

    private static void CheckResourceVersion(ApiRequest target, JsonObject body, JsonObject current)
    {
        if (Json.Str(body["metadata"]?["resourceVersion"]) is { Length: > 0 } expected &&
            expected != Json.Str(current["metadata"]?["resourceVersion"]))
            throw ApiException.Conflict(target.Type, target.Name!);
    }

    private static void EnsureMergePatch(string? contentType)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : contentType;
        if (!string.Equals(mediaType, "application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
            throw ApiException.UnsupportedMediaType(contentType ?? "(none)");
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is "true" or "1" or "True";

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json.ToUtf8(body), context.RequestAborted);
    }
}
