namespace CanaryDashboard.Model;

/// <summary>Identifies one Argo Rollout: its namespace and name.</summary>
public readonly record struct RolloutKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
