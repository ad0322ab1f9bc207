using System.Text.Json.Serialization;
using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes.Actions;

[JsonConverter(typeof(JsonStringEnumConverter<ActionResult>))]
public enum ActionResult
{
    /// <summary>Every patch was accepted.</summary>
    Succeeded,
    /// <summary>The rollout is already in the asked state: nothing was sent.</summary>
    NoChange,
    /// <summary>The request makes no sense for this rollout (a backward advance, a blue-green step…): nothing was sent.</summary>
    Refused,
    /// <summary>403: the service account lacks a verb (see <see cref="ActionOutcome.MissingAccess"/>).</summary>
    Forbidden,
    /// <summary>404: the rollout is gone.</summary>
    NotFound,
    /// <summary>409 on every try, each from a fresh read.</summary>
    Conflict,
    /// <summary>The API server did not answer in time; the action may or may not have been applied.</summary>
    Timeout,
    Failed,
}

/// <summary>A merge patch as it was sent: the resource path, the subresource (status or none) and the exact body.</summary>
public sealed record SentPatch(string Target, string? Subresource, string ContentType, string Body, int? StatusCode);

/// <summary>
/// What an action did: the result, a sentence for a person, the patches sent, the equivalent
/// <c>kubectl</c> command line, for a 403 the RBAC rule that is missing, and a warning about what
/// was sent (an advance that skipped rungs).
/// </summary>
public sealed record ActionOutcome(
    RolloutKey Rollout,
    RolloutAction Action,
    ActionResult Result,
    string Message,
    IReadOnlyList<SentPatch> Sent,
    string KubectlCommand,
    AccessRule? MissingAccess = null,
    int Attempts = 1,
    string? Warning = null)
{
    public bool IsSuccess => Result is ActionResult.Succeeded or ActionResult.NoChange;
}
