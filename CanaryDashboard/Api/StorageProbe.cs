using CanaryDashboard.Configuration;

namespace CanaryDashboard.Api;

/// <summary>Checks that the data folder exists (creating it) and accepts a write.</summary>
internal static class StorageProbe
{
    public static (bool Ok, string Detail) Check(StorageOptions storage)
    {
        try
        {
            var dir = storage.ResolveDataPath();
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, ".healthz-probe");
            File.WriteAllText(probe, DateTimeOffset.UtcNow.ToString("O"));
            File.Delete(probe);
            return (true, "ok");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (false, $"data folder not writable: {ex.Message}");
        }
    }
}
