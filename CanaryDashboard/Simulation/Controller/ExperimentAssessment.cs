using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// How Argo judges an Experiment from its spec and status: utils/experiment/experiment.go
/// (IsTerminating, RequiredAnalysisRunsSuccessful, PassedDurations) and experiments/experiment.go
/// (calculateStatus, assessTemplates, assessAnalysisRuns), with utils/analysis' order of phases.
/// </summary>
internal static class ExperimentAssessment
{
    /// <summary>AnalysisPhase.Completed (pkg/apis/rollouts/v1alpha1/analysis_types.go).</summary>
    public static bool IsCompleted(string? phase) => phase is "Successful" or "Failed" or "Error" or "Inconclusive";

    /// <summary>experimentutil.IsTerminating over the status the reconcile starts from.</summary>
    public static bool IsTerminating(JsonObject spec, JsonObject status)
    {
        if (Json.Bool(spec["terminate"]) == true || IsCompleted(Json.Str(status["phase"])))
            return true;
        if ((status["templateStatuses"] as JsonArray ?? []).OfType<JsonObject>().Any(t => Json.Str(t["status"]) is "Failed" or "Error"))
            return true;
        if ((status["analysisRuns"] as JsonArray ?? []).OfType<JsonObject>().Any(r => Json.Str(r["phase"]) is "Failed" or "Error" or "Inconclusive"))
            return true;
        return RequiredAnalysisRunsSuccessful(spec, status);
    }

    /// <summary>experimentutil.RequiredAnalysisRunsSuccessful: there is a required analysis and every one succeeded.</summary>
    public static bool RequiredAnalysisRunsSuccessful(JsonObject spec, JsonObject status)
    {
        var required = (spec["analyses"] as JsonArray ?? []).OfType<JsonObject>().Where(a => Json.Bool(a["requiredForCompletion"]) == true).ToList();
        return required.Count > 0 && required.All(a => Json.Str(AnalysisEntry(status, Json.Str(a["name"]))?["phase"]) == "Successful");
    }

    private static JsonObject? AnalysisEntry(JsonObject status, string? name) =>
        (status["analysisRuns"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => Json.Str(r["name"]) == name);

    /// <summary>experimentutil.PassedDurations: a duration, availableAt set, and now after availableAt + duration.</summary>
    public static bool PassedDuration(JsonObject spec, JsonObject status, DateTimeOffset now)
    {
        if (StepDuration.Parse(spec["duration"]) is not { } duration
            || !DateTimeOffset.TryParse(Json.Str(status["availableAt"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var availableAt))
            return false;
        return now > availableAt + duration;
    }

    /// <summary>
    /// calculateStatus (experiments/experiment.go): the templates' worst code and the analyses' worst
    /// phase decide, finished templates deferring to the analyses when those finished or are required.
    /// </summary>
    public static void CalculatePhase(JsonObject spec, JsonObject status)
    {
        var (templatesPhase, templatesMessage) = AssessTemplates(spec, status["templateStatuses"] as JsonArray ?? []);
        var (analysesPhase, analysesMessage) = AssessAnalyses(spec, status);
        string phase;
        string? message;
        if (IsCompleted(templatesPhase))
        {
            var deferToAnalyses = IsCompleted(analysesPhase) || (spec["analyses"] as JsonArray ?? []).Any(a => Json.Bool(a?["requiredForCompletion"]) == true);
            (phase, message) = templatesPhase == "Successful" && deferToAnalyses ? (analysesPhase, analysesMessage) : (templatesPhase, templatesMessage);
        }
        else if ((IsCompleted(analysesPhase) && analysesPhase != "Successful") || RequiredAnalysisRunsSuccessful(spec, status))
        {
            (phase, message) = (analysesPhase, analysesMessage);
        }
        else
        {
            (phase, message) = (templatesPhase, templatesMessage);
        }
        status["phase"] = phase;
        if (string.IsNullOrEmpty(message))
            status.Remove("message");
        else
            status["message"] = message;
    }

    private static readonly string[] TemplateStatusOrder = ["Successful", "Running", "Progressing", "Error", "Failed"];
    private static readonly string[] AnalysisPhaseOrder = ["Successful", "Running", "Pending", "Inconclusive", "Error", "Failed"];

    /// <summary>assessTemplates: the worst template code (a template with no status counts as Progressing) as an analysis phase.</summary>
    public static (string Phase, string? Message) AssessTemplates(JsonObject spec, JsonArray templateStatuses)
    {
        var worst = "Successful";
        string? message = null;
        foreach (var template in (spec["templates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var templateStatus = templateStatuses.OfType<JsonObject>().FirstOrDefault(t => Json.Str(t["name"]) == Json.Str(template["name"]));
            var code = templateStatus is null ? "Progressing" : Json.Str(templateStatus["status"]) ?? "";
            if (Array.IndexOf(TemplateStatusOrder, code) > Array.IndexOf(TemplateStatusOrder, worst))
            {
                worst = code;
                message = templateStatus is null ? null : Json.Str(templateStatus["message"]);
            }
        }
        return worst switch
        {
            "Progressing" => ("Pending", message),
            _ => (worst, message),
        };
    }

    /// <summary>assessAnalysisRuns: the worst analysis phase (Pending reads as Running); Successful with no analyses.</summary>
    public static (string Phase, string? Message) AssessAnalyses(JsonObject spec, JsonObject status)
    {
        var worst = "Successful";
        string? message = null;
        foreach (var analysis in (spec["analyses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var entry = AnalysisEntry(status, Json.Str(analysis["name"]));
            var phase = Json.Str(entry?["phase"]) ?? "";
            if (Math.Max(0, Array.IndexOf(AnalysisPhaseOrder, phase)) > Math.Max(0, Array.IndexOf(AnalysisPhaseOrder, worst)))
            {
                worst = phase;
                message = Json.Str(entry?["message"]);
            }
        }
        if (RequiredAnalysisRunsSuccessful(spec, status) && worst == "Successful")
            return ("Successful", "Required AnalysisRuns completed");
        return (worst == "Pending" ? "Running" : worst, message);
    }
}
