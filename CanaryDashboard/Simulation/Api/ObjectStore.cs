using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CanaryDashboard.Simulation.Api;

/// <summary>A change as a watch delivers it: its type, the object's resourceVersion and the object serialized once.</summary>
public sealed record StoreEvent(
    long ResourceVersion,
    string Type,
    ResourceType Resource,
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    byte[] ObjectJson);

/// <summary>One page of a list: clones of the objects, the store's resourceVersion, and a continue token when more remain.</summary>
public sealed record StoreList(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

/// <summary>
/// The simulated cluster's storage: objects as JSON, one global monotonically increasing
/// resourceVersion (as etcd's revision), a bounded history of changes for watches, and
/// compaction (<see cref="Compact"/>) so a watch from a forgotten version gets 410 Gone.
/// Thread-safe; every stored object is replaced on write, never mutated, and callers get clones.
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock _sync = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly Dictionary<ResourceType, Dictionary<string, HashSet<string>>> _byOwner = [];
    private readonly Queue<StoreEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private readonly TimeProvider _time;
    private long _resourceVersion;
    private long _compactedThrough;

    public ObjectStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        foreach (var type in ResourceCatalog.All)
        {
            _objects[type] = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _byOwner[type] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        }
    }

    /// <summary>How many changes are kept for watches; older ones are forgotten (compacted).</summary>
    public int HistoryLimit { get; set; } = 20_000;

    public long ResourceVersion { get { lock (_sync) return _resourceVersion; } }

    /// <summary>Versions at or below this one may have been forgotten: a watch from an older one gets 410.</summary>
    public long CompactedThrough { get { lock (_sync) return _compactedThrough; } }

    public int WatcherCount { get { lock (_sync) return _watchers.Count; } }

    /// <summary>Forgets every change so far (as etcd compaction does): watches from any older version get 410 Gone.</summary>
    public void Compact()
    {
        lock (_sync)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>Runs <paramref name="action"/> holding the store's lock, so a read-modify-write of several objects is atomic.</summary>
    public T Exclusive<T>(Func<T> action)
    {
        lock (_sync) return action();
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_sync)
            return _objects[type].TryGetValue(Key(type, ns, name), out var obj) ? obj.DeepClone().AsObject() : null;
    }

    public JsonObject GetRequired(ResourceType type, string? ns, string name) =>
        Get(type, ns, name) ?? throw ApiException.NotFound(type, name);

    public IReadOnlyList<JsonObject> All(ResourceType type, string? ns = null)
    {
        lock (_sync)
            return _objects[type].Values.Where(o => ns is null || Json.Namespace(o) == ns).Select(o => o.DeepClone().AsObject()).ToList();
    }

    /// <summary>Namespace and name of every object of a type (no clones).</summary>
    public IReadOnlyList<(string Namespace, string Name)> Names(ResourceType type)
    {
        lock (_sync)
            return _objects[type].Values.Select(o => (Json.Namespace(o), Json.Name(o))).ToList();
    }

    public bool Contains(ResourceType type, string? ns, string name)
    {
        lock (_sync)
            return _objects[type].ContainsKey(Key(type, ns, name));
    }

    /// <summary>Names of the objects of a type owned by <paramref name="ownerUid"/> (indexed, no clones).</summary>
    public IReadOnlyList<string> OwnedNames(ResourceType type, string? ownerUid)
    {
        lock (_sync)
        {
            if (ownerUid is null || !_byOwner[type].TryGetValue(ownerUid, out var keys))
                return [];
            return keys.Select(k => Json.Name(_objects[type][k])).ToList();
        }
    }

    /// <summary>Clones of the objects of a type whose <c>ownerReferences</c> name <paramref name="ownerUid"/> (indexed, not scanned).</summary>
    public IReadOnlyList<JsonObject> OwnedBy(ResourceType type, string? ownerUid)
    {
        lock (_sync)
        {
            if (ownerUid is null || !_byOwner[type].TryGetValue(ownerUid, out var keys))
                return [];
            return keys.Order(StringComparer.Ordinal).Select(k => _objects[type][k].DeepClone().AsObject()).ToList();
        }
    }

    public StoreList List(ResourceType type, string? ns, LabelSelector? labels = null, LabelSelector? fields = null,
        int? limit = null, string? continueToken = null)
    {
        lock (_sync)
        {
            IEnumerable<KeyValuePair<string, JsonObject>> matching = _objects[type];
            if (!string.IsNullOrEmpty(ns))
                matching = matching.Where(kv => Json.Namespace(kv.Value) == ns);
            if (labels is { IsEmpty: false })
                matching = matching.Where(kv => labels.MatchesLabels(kv.Value));
            if (fields is { IsEmpty: false })
                matching = matching.Where(kv => fields.MatchesFields(kv.Value));
            if (!string.IsNullOrEmpty(continueToken))
            {
                var after = ContinueToken.Decode(continueToken);
                matching = matching.Where(kv => string.CompareOrdinal(kv.Key, after) > 0);
            }
            var all = matching.ToList();
            if (limit is > 0 && all.Count > limit)
            {
                var page = all.Take(limit.Value).ToList();
                return new StoreList(page.Select(kv => kv.Value.DeepClone().AsObject()).ToList(), _resourceVersion,
                    ContinueToken.Encode(page[^1].Key), all.Count - page.Count);
            }
            return new StoreList(all.Select(kv => kv.Value.DeepClone().AsObject()).ToList(), _resourceVersion, null, null);
        }
    }

    /// <summary>
    /// Creates an object as a POST does: fills uid, creationTimestamp, generation and resourceVersion;
    /// creates its namespace when missing (a convenience a real cluster does not offer).
    /// </summary>
    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        var candidate = obj.DeepClone().AsObject();
        var metadata = Json.Metadata(candidate);
        var name = Json.Str(metadata["name"]);
        if (string.IsNullOrEmpty(name) && Json.Str(metadata["generateName"]) is { Length: > 0 } prefix)
            metadata["name"] = name = prefix + Guid.NewGuid().ToString("N")[..5];
        if (string.IsNullOrEmpty(name))
            throw ApiException.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
        var ns = type.Namespaced ? Json.Str(metadata["namespace"]) : null;
        if (type.Namespaced && string.IsNullOrEmpty(ns))
            throw ApiException.Invalid(type, name, "metadata.namespace: Required value");

        lock (_sync)
        {
            if (_objects[type].ContainsKey(Key(type, ns, name)))
                throw ApiException.AlreadyExists(type, name);
            if (type.Namespaced)
                EnsureNamespace(ns!);
            candidate["apiVersion"] = type.GroupVersion;
            candidate["kind"] = type.Kind;
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= Json.Timestamp(_time.GetUtcNow());
            if (type.HasGeneration)
                metadata["generation"] ??= 1;
            metadata.Remove("resourceVersion");
            metadata.Remove("selfLink");
            return Store(type, ns, name, candidate, "ADDED");
        }
    }

    /// <summary>
    /// Puts an object as it is (a fixture, a manifest, a seed): keeps its uid, generation and
    /// timestamps, gives it a fresh resourceVersion. Creates or replaces; the type comes from apiVersion and kind.
    /// </summary>
    public JsonObject Load(JsonObject obj)
    {
        var apiVersion = Json.Str(obj["apiVersion"]) ?? "";
        var kind = Json.Str(obj["kind"]) ?? "";
        var type = ResourceCatalog.FindByKind(apiVersion, kind)
                   ?? throw ApiException.BadRequest($"the simulated cluster does not serve {kind} in {(apiVersion.Length == 0 ? "(no apiVersion)" : apiVersion)}");
        var candidate = obj.DeepClone().AsObject();
        candidate["apiVersion"] = type.GroupVersion;
        var metadata = Json.Metadata(candidate);
        var name = Json.Str(metadata["name"]);
        if (string.IsNullOrEmpty(name))
            throw ApiException.Invalid(type, "", "metadata.name: Required value");
        var ns = type.Namespaced ? Json.Str(metadata["namespace"]) ?? "default" : null;
        if (type.Namespaced) metadata["namespace"] = ns;
        lock (_sync)
        {
            if (type.Namespaced)
                EnsureNamespace(ns!);
            var exists = _objects[type].ContainsKey(Key(type, ns, name));
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= Json.Timestamp(_time.GetUtcNow());
            if (type.HasGeneration)
                metadata["generation"] ??= 1;
            metadata.Remove("selfLink");
            return Store(type, ns, name, candidate, exists ? "MODIFIED" : "ADDED");
        }
    }

    /// <summary>
    /// Read-modify-write of one object under the lock. <paramref name="change"/> gets a clone and
    /// returns the new object; identity fields are kept, <c>metadata.generation</c> is bumped when
    /// the spec changed, and nothing is written (no new version, no event) when nothing changed.
    /// </summary>
    public JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> change)
    {
        lock (_sync)
        {
            var key = Key(type, ns, name);
            if (!_objects[type].TryGetValue(key, out var current))
                throw ApiException.NotFound(type, name);
            var updated = change(current.DeepClone().AsObject());
            var metadata = Json.Metadata(updated);
            var currentMetadata = (JsonObject)current["metadata"]!;
            foreach (var immutable in new[] { "name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation" })
            {
                if (currentMetadata[immutable] is { } kept) metadata[immutable] = kept.DeepClone();
                else metadata.Remove(immutable);
            }
            updated["apiVersion"] = type.GroupVersion;
            updated["kind"] = type.Kind;
            if (JsonNode.DeepEquals(current, updated))
                return current.DeepClone().AsObject();
            if (type.HasGeneration && !JsonNode.DeepEquals(current["spec"], updated["spec"]))
                metadata["generation"] = (Json.Long(currentMetadata["generation"]) ?? 0) + 1;
            return Store(type, ns, name, updated, "MODIFIED");
        }
    }

    public JsonObject Delete(ResourceType type, string? ns, string name)
    {
        lock (_sync)
        {
            var key = Key(type, ns, name);
            if (!_objects[type].Remove(key, out var current))
                throw ApiException.NotFound(type, name);
            Index(type, key, current, null);
            var gone = current.DeepClone().AsObject();
            _resourceVersion++;
            Json.Metadata(gone)["resourceVersion"] = _resourceVersion.ToString();
            Publish(new StoreEvent(_resourceVersion, "DELETED", type, ns ?? "", name, LabelsOf(gone), Json.ToUtf8(gone)));
            return gone;
        }
    }

    /// <summary>
    /// Starts a watch. From no version (or "0"): a synthetic ADDED for every current object, then
    /// changes. From version N: every retained change after N, then changes; 410 Gone
    /// (<see cref="ApiException"/>) when changes after N were already forgotten.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, string? ns, long? fromVersion, LabelSelector? labels = null, LabelSelector? fields = null)
    {
        lock (_sync)
        {
            var subscription = new WatchSubscription(this, type, string.IsNullOrEmpty(ns) ? null : ns,
                labels ?? LabelSelector.Everything, fields ?? LabelSelector.Everything);
            if (fromVersion is null or 0)
            {
                foreach (var obj in _objects[type].Values)
                {
                    var e = new StoreEvent(Json.Long(obj["metadata"]?["resourceVersion"]) ?? 0, "ADDED", type, Json.Namespace(obj),
                        Json.Name(obj), LabelsOf(obj), Json.ToUtf8(obj));
                    subscription.Offer(e);
                }
            }
            else
            {
                if (fromVersion < _compactedThrough)
                    throw ApiException.Gone(fromVersion.Value, _compactedThrough + 1);
                foreach (var e in _history)
                {
                    if (e.ResourceVersion > fromVersion)
                        subscription.Offer(e);
                }
            }
            _watchers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_sync) _watchers.Remove(subscription);
    }

    private JsonObject Store(ResourceType type, string? ns, string name, JsonObject obj, string eventType)
    {
        _resourceVersion++;
        Json.Metadata(obj)["resourceVersion"] = _resourceVersion.ToString();
        var key = Key(type, ns, name);
        _objects[type].TryGetValue(key, out var previous);
        _objects[type][key] = obj;
        Index(type, key, previous, obj);
        Publish(new StoreEvent(_resourceVersion, eventType, type, ns ?? "", name, LabelsOf(obj), Json.ToUtf8(obj)));
        return obj.DeepClone().AsObject();
    }

    private void Publish(StoreEvent e)
    {
        _history.Enqueue(e);
        while (_history.Count > HistoryLimit)
            _compactedThrough = _history.Dequeue().ResourceVersion;
        foreach (var watcher in _watchers)
            watcher.Offer(e);
    }

    private void Index(ResourceType type, string key, JsonObject? before, JsonObject? after)
    {
        var index = _byOwner[type];
        foreach (var uid in OwnerUids(before))
        {
            if (index.TryGetValue(uid, out var keys) && keys.Remove(key) && keys.Count == 0)
                index.Remove(uid);
        }
        foreach (var uid in OwnerUids(after))
        {
            if (!index.TryGetValue(uid, out var keys))
                index[uid] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
    }

    private static IEnumerable<string> OwnerUids(JsonObject? obj) =>
        (obj?["metadata"]?["ownerReferences"] as JsonArray)?.Select(o => Json.Str(o?["uid"])).OfType<string>() ?? [];

    /// <summary>
    /// The version a BOOKMARK may carry for <paramref name="subscription"/>: the store's, when the
    /// watcher has nothing pending (so every change up to it was delivered); otherwise null.
    /// </summary>
    internal long? BookmarkVersion(WatchSubscription subscription)
    {
        lock (_sync)
            return subscription.Events.Count == 0 ? _resourceVersion : null;
    }

    private void EnsureNamespace(string ns)
    {
        if (_objects[ResourceCatalog.Namespaces].ContainsKey(ns))
            return;
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject
            {
                ["name"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = Json.Timestamp(_time.GetUtcNow()),
                ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns },
            },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
        Store(ResourceCatalog.Namespaces, null, ns, obj, "ADDED");
    }

    private static string Key(ResourceType type, string? ns, string name) => type.Namespaced ? $"{ns}/{name}" : name;

    private static Dictionary<string, string> LabelsOf(JsonObject obj)
    {
        var labels = new Dictionary<string, string>();
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (k, v) in map)
            {
                if (Json.Str(v) is { } s) labels[k] = s;
            }
        }
        return labels;
    }
}

/// <summary>A live watch on the store: events arrive on <see cref="Events"/> in resourceVersion order.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceType _type;
    private readonly string? _namespace;
    private readonly LabelSelector _labels;
    private readonly LabelSelector _fields;
    // Not SingleReader: only the multi-reader channel can Count, which bookmarks need.
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>();

    internal WatchSubscription(ObjectStore store, ResourceType type, string? ns, LabelSelector labels, LabelSelector fields)
    {
        _fields = fields;
        _store = store;
        _type = type;
        _namespace = ns;
        _labels = labels;
    }

    public ChannelReader<StoreEvent> Events => _channel.Reader;

    internal void Offer(StoreEvent e)
    {
        if (e.Resource != _type || (_namespace is not null && e.Namespace != _namespace))
            return;
        if (!_labels.IsEmpty && !_labels.Matches(k => e.Labels.GetValueOrDefault(k)))
            return;
        if (!_fields.IsEmpty && !_fields.Matches(f => f switch
            {
                "metadata.name" => e.Name,
                "metadata.namespace" => e.Namespace,
                _ => null,
            }))
            return;
        _channel.Writer.TryWrite(e);
    }

    public void Dispose()
    {
        _store.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}

internal static class ContinueToken
{
    public static string Encode(string lastKey) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(lastKey));

    public static string Decode(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
        }
    }
}
