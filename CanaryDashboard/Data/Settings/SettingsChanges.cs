namespace CanaryDashboard.Data.Settings;

/// <summary>
/// Raised after a rollout's settings or a threshold profile is saved, so the caches that read them
/// (the parameter resolver, the poller's settings) read again at once instead of after their
/// refresh interval. In-process only: a change made by another process is seen after the refresh.
/// </summary>
public sealed class SettingsChanges
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
