namespace CanaryDashboard.Analyze;

/// <summary>
/// How an <see cref="AnalyzeOutcome"/> reaches Argo's web metric provider, and why every answer is
/// a 200 whose <c>status</c> decides.
/// <para>
/// metricproviders/webmetric/webmetric.go turns a non-2xx answer, a timeout or a body it cannot
/// read into an <b>Error</b> measurement, and analysis/analysis.go ends the run in Error once
/// <c>consecutiveError &gt; consecutiveErrorLimit</c> (default 4: the fifth in a row, retried every
/// 10 s); rollout/analysis.go aborts the rollout on an Error run exactly as on a Failed one. A 2xx
/// JSON body goes through the template's conditions (utils/evaluate/evaluate.go): with both set,
/// Failed when <c>failureCondition</c> holds, Successful when <c>successCondition</c> holds,
/// otherwise <b>Inconclusive</b>, and an Inconclusive run pauses the rollout
/// (<c>InconclusiveAnalysisRun</c>) until a person promotes it, which starts a new run.
/// </para>
/// <para>
/// So only the two verdicts meet a condition of the shipped template (<c>proceed</c> its
/// <c>successCondition</c>, <c>breach</c> its <c>failureCondition</c>); every answer that is not
/// a verdict (too little data, Prometheus down or slow, our deadline, an unknown rollout, a
/// malformed request, our own failure) is a 200 whose status meets neither, so the rollout
/// pauses and is never aborted for what the dashboard could not judge. A 4xx or 5xx would also
/// hide the reason: Argo records only "received non 2xx response code", never the body.
/// </para>
/// </summary>
public static class AnalyzeAnswer
{
    /// <summary>The HTTP status of every answer, verdict or not (see the class comment).</summary>
    public const int HttpStatus = 200;

    public const string Proceed = "proceed";
    public const string Breach = "breach";
    public const string InsufficientData = "insufficient-data";
    public const string Unavailable = "unavailable";
    public const string UnknownRollout = "unknown-rollout";
    public const string BadRequest = "bad-request";

    /// <summary>The body's <c>status</c>, what the template's conditions test.</summary>
    public static string StatusText(AnalyzeStatus status) => status switch
    {
        AnalyzeStatus.Proceed => Proceed,
        AnalyzeStatus.Breach => Breach,
        AnalyzeStatus.InsufficientData => InsufficientData,
        AnalyzeStatus.UnknownRollout => UnknownRollout,
        AnalyzeStatus.BadRequest => BadRequest,
        _ => Unavailable,
    };

    /// <summary>Whether the answer is a verdict on the canary (Successful or Failed in Argo); anything else is Inconclusive.</summary>
    public static bool IsVerdict(AnalyzeStatus status) => status is AnalyzeStatus.Proceed or AnalyzeStatus.Breach;
}
