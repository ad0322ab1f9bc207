namespace CanaryDashboard.Configuration;

public sealed class StorageOptions
{
    /// <summary>
    /// The one folder the app writes to (database, generated files). A relative path is taken
    /// from the working directory.
    /// </summary>
    public string DataPath { get; set; } = "data";

    /// <summary>The SQLite file name inside <see cref="DataPath"/>.</summary>
    public string DatabaseFile { get; set; } = "canary-dashboard.db";

    public string ResolveDataPath() => Path.GetFullPath(DataPath);
}
