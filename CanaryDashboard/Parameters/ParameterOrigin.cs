using System.Globalization;

namespace CanaryDashboard.Parameters;

/// <summary>
/// Where a set of engine parameters came from: <see cref="Source"/> is <c>configuration</c> for the
/// <c>Engine</c> section, <c>profile</c> for a threshold profile (which also names itself and its
/// version). Every poll sample, decision and <c>/analyze</c> answer carries one, so a verdict can
/// be traced to the exact thresholds it used. The one type for "where parameters came from".
/// </summary>
public sealed record ParameterOrigin(string Source, string? Name = null, int? Version = null)
{
    public const string Configuration = "configuration";
    public const string Profile = "profile";

    /// <summary>The configured <c>Engine</c> section.</summary>
    public static ParameterOrigin Configured { get; } = new(Configuration);

    /// <summary>One saved version of a threshold profile.</summary>
    public static ParameterOrigin OfProfile(string name, int version) => new(Profile, name, version);

    /// <summary>In plain words, for pages and logs: "profile strict v3", "configuration (Engine section)".</summary>
    public string Describe() => Source switch
    {
        Profile => string.Create(CultureInfo.InvariantCulture, $"profile {Name} v{Version}"),
        Configuration => "configuration (Engine section)",
        _ => Name is null ? Source : string.Create(CultureInfo.InvariantCulture, $"{Source} {Name} v{Version}"),
    };

    public override string ToString() => Describe();
}
