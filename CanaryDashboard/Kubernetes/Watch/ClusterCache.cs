using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes.Watch;

/// <summary>
/// The in-memory copy of what the watch has seen, and the snapshots derived from it. Owned
/// objects are indexed by owner uid, so an event on a pod rebuilds only the rollout above it
/// (pod → ReplicaSet → [Experiment →] Rollout). Snapshots are built once every kind has been
/// listed (the first complete set), then kept current event by event. Thread-safe: one lock,
/// held for the short work of applying an event.
/// </summary>
public sealed class ClusterCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RolloutKey, JsonElement> _rollouts = [];
    private readonly OwnedStore<ReplicaSetObject> _replicaSets = new(r => r.Uid, r => r.Namespace, r => r.OwnerUids);
    private readonly OwnedStore<PodObject> _pods = new(p => p.Uid, p => p.Namespace, p => p.OwnerUids);
    private readonly OwnedStore<ExperimentObject> _experiments = new(e => e.Uid, e => e.Namespace, e => e.OwnerUids);
    private readonly OwnedStore<AnalysisRunObject> _analysisRuns = new(a => a.Uid, a => a.Namespace, a => a.OwnerUids);
    private readonly Dictionary<(string Namespace, string Name), DeploymentObject> _deployments = [];
    private readonly Dictionary<string, HashSet<RolloutKey>> _rolloutsByUid = [];
    private Dictionary<RolloutKey, RolloutSnapshot> _snapshots = [];
    private bool _building;

    /// <summary>Raised after snapshots changed, outside the lock.</summary>
    public event Action<SnapshotChange>? Changed;

    public IReadOnlyDictionary<RolloutKey, RolloutSnapshot> Snapshots => Volatile.Read(ref _snapshots);

    public bool IsBuilding { get { lock (_lock) return _building; } }

    public int RolloutCount { get { lock (_lock) return _rollouts.Count; } }

    /// <summary>Starts building snapshots (after the first complete list) and builds them all.</summary>
    public void StartBuilding()
    {
        SnapshotChange change;
        lock (_lock)
        {
            _building = true;
            change = Rebuild(_rollouts.Keys.ToHashSet(), full: true);
        }
        Publish(change);
    }

    // ---- Rollouts ----
    public void UpsertRollout(JsonElement rollout) => Apply(affected =>
    {
        var key = KeyOf(rollout);
        if (_rollouts.TryGetValue(key, out var old))
            Unindex(key, old);
        _rollouts[key] = rollout;
        Index(key, rollout);
        affected.Add(key);
    });

    public void DeleteRollout(JsonElement rollout) => Apply(affected =>
    {
        var key = KeyOf(rollout);
        if (_rollouts.Remove(key, out var old))
            Unindex(key, old);
        affected.Add(key);
    });

    public void ReplaceRollouts(string? ns, IEnumerable<JsonElement> rollouts) => Apply(affected =>
    {
        foreach (var key in _rollouts.Keys.Where(k => ns is null || k.Namespace == ns).ToArray())
        {
            Unindex(key, _rollouts[key]);
            _rollouts.Remove(key);
            affected.Add(key);
        }
        foreach (var rollout in rollouts)
        {
            var key = KeyOf(rollout);
            _rollouts[key] = rollout;
            Index(key, rollout);
            affected.Add(key);
        }
    });

    // ---- Owned objects ----
    public void Upsert(ReplicaSetObject rs) => Apply(a => Touch(a, _replicaSets.Upsert(rs)));
    public void Delete(ReplicaSetObject rs) => Apply(a => Touch(a, _replicaSets.Delete(rs.Uid)));
    public void ReplaceReplicaSets(string? ns, IEnumerable<ReplicaSetObject> items) => Apply(a => Touch(a, _replicaSets.Replace(ns, items)));

    public void Upsert(PodObject pod) => Apply(a => Touch(a, _pods.Upsert(pod)));
    public void Delete(PodObject pod) => Apply(a => Touch(a, _pods.Delete(pod.Uid)));
    public void ReplacePods(string? ns, IEnumerable<PodObject> items) => Apply(a => Touch(a, _pods.Replace(ns, items)));

    public void Upsert(ExperimentObject experiment) => Apply(a => Touch(a, _experiments.Upsert(experiment)));
    public void Delete(ExperimentObject experiment) => Apply(a => Touch(a, _experiments.Delete(experiment.Uid)));
    public void ReplaceExperiments(string? ns, IEnumerable<ExperimentObject> items) => Apply(a => Touch(a, _experiments.Replace(ns, items)));

    public void Upsert(AnalysisRunObject run) => Apply(a => Touch(a, _analysisRuns.Upsert(run)));
    public void Delete(AnalysisRunObject run) => Apply(a => Touch(a, _analysisRuns.Delete(run.Uid)));
    public void ReplaceAnalysisRuns(string? ns, IEnumerable<AnalysisRunObject> items) => Apply(a => Touch(a, _analysisRuns.Replace(ns, items)));

    public void Upsert(DeploymentObject deployment) => Apply(a =>
    {
        _deployments[(deployment.Namespace, deployment.Name)] = deployment;
        TouchWorkload(a, deployment.Namespace, deployment.Name);
    });

    public void Delete(DeploymentObject deployment) => Apply(a =>
    {
        _deployments.Remove((deployment.Namespace, deployment.Name));
        TouchWorkload(a, deployment.Namespace, deployment.Name);
    });

    public void ReplaceDeployments(string? ns, IEnumerable<DeploymentObject> items) => Apply(a =>
    {
        foreach (var key in _deployments.Keys.Where(k => ns is null || k.Namespace == ns).ToArray())
        {
            _deployments.Remove(key);
            TouchWorkload(a, key.Namespace, key.Name);
        }
        foreach (var deployment in items)
        {
            _deployments[(deployment.Namespace, deployment.Name)] = deployment;
            TouchWorkload(a, deployment.Namespace, deployment.Name);
        }
    });

    // ---- Internals ----
    private void Apply(Action<HashSet<RolloutKey>> mutate)
    {
        SnapshotChange change;
        lock (_lock)
        {
            var affected = new HashSet<RolloutKey>();
            mutate(affected);
            if (!_building || affected.Count == 0)
                return;
            change = Rebuild(affected, full: false);
        }
        Publish(change);
    }

    private void Publish(SnapshotChange change)
    {
        if (change.Updated.Count > 0 || change.Removed.Count > 0)
            Changed?.Invoke(change);
    }

    /// <summary>Marks every rollout above the given owner uids (up to three levels: pod → RS → experiment → rollout).</summary>
    private void Touch(HashSet<RolloutKey> affected, IEnumerable<string> ownerUids)
    {
        var pending = new Stack<(string Uid, int Depth)>(ownerUids.Select(u => (u, 0)));
        while (pending.Count > 0)
        {
            var (uid, depth) = pending.Pop();
            if (_rolloutsByUid.TryGetValue(uid, out var keys))
                affected.UnionWith(keys);
            if (depth >= 3)
                continue;
            foreach (var owner in _replicaSets.OwnersOf(uid).Concat(_experiments.OwnersOf(uid)))
                pending.Push((owner, depth + 1));
        }
    }

    private void TouchWorkload(HashSet<RolloutKey> affected, string ns, string name)
    {
        foreach (var (key, rollout) in _rollouts)
        {
            if (key.Namespace == ns && rollout.Prop("spec").Prop("workloadRef").Str("name") == name)
                affected.Add(key);
        }
    }

    private SnapshotChange Rebuild(HashSet<RolloutKey> affected, bool full)
    {
        var next = full ? new Dictionary<RolloutKey, RolloutSnapshot>() : new Dictionary<RolloutKey, RolloutSnapshot>(_snapshots);
        var updated = new List<RolloutSnapshot>();
        var removed = new List<RolloutKey>();
        foreach (var key in affected)
        {
            if (_rollouts.TryGetValue(key, out var rollout))
            {
                var snapshot = RolloutSnapshotBuilder.Build(rollout, RelatedTo(rollout));
                if (!next.TryGetValue(key, out var previous) || !SameContent(previous, snapshot))
                    updated.Add(snapshot);
                next[key] = snapshot;
            }
            else if (next.Remove(key))
            {
                removed.Add(key);
            }
        }
        Volatile.Write(ref _snapshots, next);
        return new SnapshotChange(updated, removed);
    }

    /// <summary>The candidates a rollout may own; the builder keeps those whose owner uid matches, as Argo's CLI does.</summary>
    private RolloutRelatedObjects RelatedTo(JsonElement rollout)
    {
        var meta = rollout.Prop("metadata");
        var uid = meta.Str("uid") ?? "";
        var experiments = _experiments.OwnedBy(uid).ToArray();
        var ownerUids = experiments.Select(e => e.Uid).Prepend(uid).ToArray();
        var replicaSets = ownerUids.SelectMany(_replicaSets.OwnedBy).ToArray();
        var pods = replicaSets.SelectMany(rs => _pods.OwnedBy(rs.Uid)).ToArray();
        var runs = ownerUids.SelectMany(_analysisRuns.OwnedBy).ToArray();
        var workloadName = rollout.Prop("spec").Prop("workloadRef").Str("name");
        var workload = workloadName is null ? null : _deployments.GetValueOrDefault((meta.Str("namespace") ?? "", workloadName));
        return new RolloutRelatedObjects(replicaSets, pods, experiments, runs, workload);
    }

    /// <summary>Equal content, so a no-op event (a resync, a bookmark-driven relist) raises no change.</summary>
    private static bool SameContent(RolloutSnapshot a, RolloutSnapshot b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    private void Index(RolloutKey key, JsonElement rollout)
    {
        var uid = rollout.Prop("metadata").Str("uid") ?? "";
        if (!_rolloutsByUid.TryGetValue(uid, out var keys))
            _rolloutsByUid[uid] = keys = [];
        keys.Add(key);
    }

    private void Unindex(RolloutKey key, JsonElement rollout)
    {
        var uid = rollout.Prop("metadata").Str("uid") ?? "";
        if (_rolloutsByUid.TryGetValue(uid, out var keys) && keys.Remove(key) && keys.Count == 0)
            _rolloutsByUid.Remove(uid);
    }

    private static RolloutKey KeyOf(JsonElement rollout)
    {
        var meta = rollout.Prop("metadata");
        return new RolloutKey(meta.Str("namespace") ?? "", meta.Str("name") ?? "");
    }
}

/// <summary>Snapshots that changed (new or different) and rollouts that disappeared.</summary>
public sealed record SnapshotChange(IReadOnlyList<RolloutSnapshot> Updated, IReadOnlyList<RolloutKey> Removed);
