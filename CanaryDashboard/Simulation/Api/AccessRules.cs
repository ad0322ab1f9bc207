using System.Collections.Concurrent;

namespace CanaryDashboard.Simulation.Api;

/// <summary>
/// Per-test RBAC: verbs forbidden to the (single) simulated user, answered with the same 403
/// <c>Forbidden</c> Status a real API server gives a service account that lacks the verb.
/// </summary>
public sealed class AccessRules
{
    private readonly ConcurrentDictionary<(string Verb, string Resource, string Namespace), byte> _forbidden = new();

    /// <summary>The user named in 403 messages (a read-only service account, by default).</summary>
    public string User { get; set; } = "system:serviceaccount:canary-dashboard:canary-dashboard";

    /// <summary>
    /// Forbids <paramref name="verb"/> (get, list, watch, create, update, patch, delete, or *) on
    /// <paramref name="resource"/> (<c>rollouts</c>, <c>rollouts/status</c>, or *), in one namespace or all.
    /// </summary>
    public void Forbid(string verb, string resource, string? inNamespace = null) =>
        _forbidden[(verb, resource, inNamespace ?? "*")] = 0;

    /// <summary>A read-only service account: every write verb on every resource is forbidden.</summary>
    public void ForbidWrites()
    {
        foreach (var verb in new[] { "create", "update", "patch", "delete" })
            Forbid(verb, "*");
    }

    public void AllowAll() => _forbidden.Clear();

    internal void Check(string verb, ResourceType type, string? subresource, string? ns, string? name)
    {
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        var forbidden = _forbidden.Keys.Any(f =>
            (f.Verb == "*" || f.Verb == verb) &&
            (f.Resource == "*" || f.Resource == resource) &&
            (f.Namespace == "*" || f.Namespace == ns));
        if (!forbidden)
            return;
        var subject = name is null ? type.QualifiedName : $"{type.QualifiedName} \"{name}\"";
        var scope = string.IsNullOrEmpty(ns) ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var message = $"{subject} is forbidden: User \"{User}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\" {scope}";
        throw new ApiException(403, "Forbidden", message, type, name);
    }
}
