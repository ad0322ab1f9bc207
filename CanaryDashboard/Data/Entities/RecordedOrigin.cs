using CanaryDashboard.Parameters;

namespace CanaryDashboard.Data.Entities;

/// <summary>
/// A sample's or a decision's parameter origin as three plain columns (<c>ParameterSource</c>,
/// <c>ProfileName</c>, <c>ProfileVersion</c>): all null on rows written before the origin was
/// recorded, which then reads back as "not recorded" rather than a guess.
/// </summary>
public interface IRecordsOrigin
{
    string? ParameterSource { get; set; }
    string? ProfileName { get; set; }
    int? ProfileVersion { get; set; }
}

public static class RecordedOrigin
{
    public const int MaxSourceLength = 16;

    public static void SetOrigin(this IRecordsOrigin row, ParameterOrigin? origin)
    {
        row.ParameterSource = origin?.Source;
        row.ProfileName = origin?.Name;
        row.ProfileVersion = origin?.Version;
    }

    public static ParameterOrigin? Origin(this IRecordsOrigin row) =>
        row.ParameterSource is { } source ? new ParameterOrigin(source, row.ProfileName, row.ProfileVersion) : null;
}
