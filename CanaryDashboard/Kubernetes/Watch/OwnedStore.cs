namespace CanaryDashboard.Kubernetes.Watch;

/// <summary>Objects of one kind by uid, indexed by owner uid. Each change returns the owner uids it touched. Not thread-safe (the cache locks).</summary>
internal sealed class OwnedStore<T>(Func<T, string> uidOf, Func<T, string> namespaceOf, Func<T, IReadOnlyList<string>> ownersOf)
{
    private readonly Dictionary<string, T> _byUid = [];
    private readonly Dictionary<string, HashSet<string>> _byOwner = [];

    public IEnumerable<T> OwnedBy(string ownerUid) =>
        _byOwner.TryGetValue(ownerUid, out var uids) ? uids.Select(u => _byUid[u]) : [];

    /// <summary>The owners of the object with this uid (empty if it is not of this kind).</summary>
    public IReadOnlyList<string> OwnersOf(string uid) => _byUid.TryGetValue(uid, out var item) ? ownersOf(item) : [];

    public IEnumerable<string> Upsert(T item)
    {
        var touched = new List<string>();
        if (_byUid.TryGetValue(uidOf(item), out var old))
            touched.AddRange(Remove(old));
        _byUid[uidOf(item)] = item;
        foreach (var owner in ownersOf(item))
        {
            if (!_byOwner.TryGetValue(owner, out var set))
                _byOwner[owner] = set = [];
            set.Add(uidOf(item));
            touched.Add(owner);
        }
        // Its own uid too: an RS or experiment arriving after its pods re-attaches them.
        touched.Add(uidOf(item));
        return touched;
    }

    public IEnumerable<string> Delete(string uid) =>
        _byUid.TryGetValue(uid, out var old) ? Remove(old).Append(uid).ToArray() : [];

    public IEnumerable<string> Replace(string? ns, IEnumerable<T> items)
    {
        var touched = new List<string>();
        foreach (var old in _byUid.Values.Where(i => ns is null || namespaceOf(i) == ns).ToArray())
        {
            touched.AddRange(Remove(old));
            touched.Add(uidOf(old));
        }
        foreach (var item in items)
            touched.AddRange(Upsert(item));
        return touched;
    }

    private IEnumerable<string> Remove(T item)
    {
        _byUid.Remove(uidOf(item));
        foreach (var owner in ownersOf(item))
        {
            if (_byOwner.TryGetValue(owner, out var set) && set.Remove(uidOf(item)) && set.Count == 0)
                _byOwner.Remove(owner);
        }
        return ownersOf(item);
    }
}
