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

    /// <summary>How long history is kept and how writes are grouped.</summary>
    public RetentionOptions Retention { get; set; } = new();

    public string ResolveDataPath() => Path.GetFullPath(DataPath);

    /// <summary>The absolute path of the SQLite file.</summary>
    public string ResolveDatabasePath() => Path.Combine(ResolveDataPath(), DatabaseFile);
}

/// <summary>
/// Retention and write batching (section <c>Storage:Retention</c>). Raw samples are folded into
/// 1-minute aggregates once they are older than <see cref="RawSamples"/>; aggregates are dropped
/// after <see cref="MinuteAggregates"/>. Decisions, actions (the audit log), runs and profiles are kept.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>How long raw samples are kept. Default 24 h.</summary>
    public TimeSpan RawSamples { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long 1-minute aggregates are kept. Default 30 days.</summary>
    public TimeSpan MinuteAggregates { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time between two pruning passes. Default 5 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most records (samples, decisions, actions) written in one transaction. Default 2,000.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// How long the writer lingers after the first queued record to gather a fuller batch.
    /// Zero commits whatever is queued at once. Default 500 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Poll cycles the write queue holds before new ones are dropped (and counted). Default 1,000.</summary>
    public int QueueCapacity { get; set; } = 1000;
}
