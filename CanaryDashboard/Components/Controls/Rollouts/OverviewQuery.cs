namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// The overview's view: filters by namespace, status and a name fragment, as the URL carries them
/// (<c>?ns=&amp;status=&amp;q=</c>). Ordering: rows that need attention first, then the newest
/// activity first, then by namespace and name so equal rows never swap places between renders.
/// </summary>
public sealed record OverviewQuery(string? Namespace = null, string? Status = null, string? Text = null)
{
    public IEnumerable<RolloutRow> Apply(IEnumerable<RolloutRow> rows)
    {
        var text = Text?.Trim();
        return rows
            .Where(r => string.IsNullOrEmpty(Namespace) || r.Key.Namespace == Namespace)
            .Where(r => string.IsNullOrEmpty(Status) || string.Equals(r.Status, Status, StringComparison.OrdinalIgnoreCase))
            .Where(r => string.IsNullOrEmpty(text) || r.Key.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.NeedsAttention)
            .ThenByDescending(r => r.LastActivity ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Name, StringComparer.Ordinal);
    }
}
