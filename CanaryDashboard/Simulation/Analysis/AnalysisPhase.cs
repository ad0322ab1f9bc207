namespace CanaryDashboard.Simulation.Analysis;

/// <summary>
/// Argo's <c>AnalysisPhase</c> (pkg/apis/rollouts/v1alpha1/analysis_types.go) of a run, a metric
/// or a measurement, with its "completed" test and the best-to-worst order of
/// utils/analysis/helpers.go (<c>analysisStatusOrder</c>, <c>IsWorse</c>).
/// </summary>
public static class AnalysisPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string Error = "Error";
    public const string Inconclusive = "Inconclusive";

    private static readonly string[] BestToWorst = [Successful, Running, Pending, Inconclusive, Error, Failed];

    public static bool Completed(string? phase) => phase is Successful or Failed or Error or Inconclusive;

    /// <summary>Whether <paramref name="candidate"/> is worse than <paramref name="current"/> (an unknown phase ranks as the best).</summary>
    public static bool IsWorse(string? current, string? candidate) => Rank(candidate) > Rank(current);

    private static int Rank(string? phase) => Math.Max(0, Array.IndexOf(BestToWorst, phase));
}
