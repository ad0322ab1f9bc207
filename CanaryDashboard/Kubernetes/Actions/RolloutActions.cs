using System.Net;
using System.Text.Json;
using CanaryDashboard.Kubernetes.Connection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>
/// Sends the actions of <c>kubectl argo rollouts</c> through KubernetesClient: read the rollout,
/// plan the patches (<see cref="RolloutActionPlanner"/>), send them as merge patches, and report
/// what happened. An advance carries the read's <c>metadata.resourceVersion</c>, so a rollout that
/// changed after the read answers 409; a 409 is retried from a fresh read, re-planned and so re-checked
/// (at most <see cref="MaxAttempts"/> tries, then reported as <see cref="ActionResult.Conflict"/>); a
/// 403 names the missing verb from <see cref="KubernetesAccess"/>; a 404 says the rollout is gone;
/// no answer within <see cref="Timeout"/> is reported as a timeout. Role checks and the audit
/// trail belong to the caller (the actions service of a later issue).
/// </summary>
public sealed class RolloutActions(ClusterConnection connection, ILogger<RolloutActions> logger)
{
    public const int MaxAttempts = 3;
    private const string Group = KubernetesAccess.ArgoGroup;
    private const string Version = "v1alpha1";
    private const string Plural = "rollouts";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public async Task<ActionOutcome> ExecuteAsync(RolloutActionRequest request, CancellationToken cancellationToken = default)
    {
        var sent = new List<SentPatch>();
        var command = KubectlCommands.For(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var (ns, name) = (request.Rollout.Namespace, request.Rollout.Name);
        var attempt = 0;
        var step = ("get", "rollouts");
        try
        {
            var client = await connection.GetClientAsync(deadline.Token);
            while (true)
            {
                attempt++;
                step = ("get", "rollouts");
                var read = await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                    Group, Version, ns, Plural, name, cancellationToken: deadline.Token);
                var plan = RolloutActionPlanner.Plan(request, read.Body);
                command = KubectlCommands.For(request, plan.Patches);
                if (plan.Verdict is { } verdict)
                    return new ActionOutcome(request.Rollout, request.Action, verdict, plan.Reason ?? "", sent, command, Attempts: attempt);

                var conflict = false;
                foreach (var patch in plan.Patches)
                {
                    step = ("patch", patch.Resource);
                    try
                    {
                        await SendAsync(client, ns, name, patch, deadline.Token);
                        sent.Add(Sent(request, patch, 200));
                    }
                    catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
                    {
                        sent.Add(Sent(request, patch, 409));
                        logger.LogInformation("{Action} on {Rollout}: 409 conflict, retrying from a fresh read", request.Action, request.Rollout);
                        conflict = true;
                        break;
                    }
                    catch (HttpOperationException ex)
                    {
                        sent.Add(Sent(request, patch, (int?)ex.Response?.StatusCode));
                        throw;
                    }
                }
                if (!conflict)
                {
                    logger.LogInformation("{Action} on {Rollout}: {Count} patch(es) accepted", request.Action, request.Rollout, plan.Patches.Count);
                    return new ActionOutcome(request.Rollout, request.Action, ActionResult.Succeeded,
                        $"{Describe(request)}: {string.Join(", then ", plan.Patches.Select(p => $"{p.Body} on {p.Resource}"))}",
                        sent, command, Attempts: attempt, Warning: plan.Warning);
                }
            }
        }
        catch (HttpOperationException ex)
        {
            return FromHttpError(request, ex, step, sent, command, attempt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ActionOutcome(request.Rollout, request.Action, ActionResult.Timeout,
                $"no answer from the API server within {Timeout.TotalSeconds:0.#} s during {step.Item1} {step.Item2}: the action may or may not have been applied; check the rollout before trying again",
                sent, command, Attempts: attempt);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or k8s.Exceptions.KubeConfigException or InvalidOperationException)
        {
            return new ActionOutcome(request.Rollout, request.Action, ActionResult.Failed,
                $"the API server could not be reached during {step.Item1} {step.Item2}: {ex.Message}", sent, command, Attempts: attempt);
        }
    }

    private static async Task SendAsync(IKubernetes client, string ns, string name, PlannedPatch patch, CancellationToken cancellationToken)
    {
        var body = new V1Patch(patch.Body, V1Patch.PatchType.MergePatch);
        if (patch.OnStatus)
            await client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonElement>(body, Group, Version, ns, Plural, name, cancellationToken: cancellationToken);
        else
            await client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(body, Group, Version, ns, Plural, name, cancellationToken: cancellationToken);
    }

    private static SentPatch Sent(RolloutActionRequest request, PlannedPatch patch, int? statusCode) =>
        new($"/apis/{Group}/{Version}/namespaces/{request.Rollout.Namespace}/{Plural}/{request.Rollout.Name}{(patch.OnStatus ? "/status" : "")}",
            patch.OnStatus ? "status" : null, PlannedPatch.ContentType, patch.Body, statusCode);

    private static ActionOutcome FromHttpError(RolloutActionRequest request, HttpOperationException ex, (string Verb, string Resource) step,
        List<SentPatch> sent, string command, int attempt)
    {
        var reason = ServerMessage(ex);
        switch (ex.Response?.StatusCode)
        {
            case HttpStatusCode.Forbidden:
            {
                var rule = KubernetesAccess.Rules.FirstOrDefault(r => r.Resource == step.Resource && r.Verbs.Contains(step.Verb))
                           ?? new AccessRule(Group, step.Resource, [step.Verb], step.Verb != "get");
                var missing = rule with { Verbs = [step.Verb] };
                return new ActionOutcome(request.Rollout, request.Action, ActionResult.Forbidden,
                    $"forbidden: the dashboard's service account lacks '{step.Verb}' on '{step.Resource}' (API group {rule.ApiGroup}) in namespace {request.Rollout.Namespace}"
                    + (rule.IsWrite ? "; a read-only install drops the write verbs" : "") + (reason is null ? "" : $" ({reason})"),
                    sent, command, missing, attempt);
            }
            case HttpStatusCode.NotFound:
                return new ActionOutcome(request.Rollout, request.Action, ActionResult.NotFound,
                    $"rollout {request.Rollout} not found: it was deleted or renamed", sent, command, Attempts: attempt);
            case HttpStatusCode.Conflict:
                return new ActionOutcome(request.Rollout, request.Action, ActionResult.Conflict,
                    $"the rollout kept changing: 409 Conflict on each of {attempt} tries, each from a fresh read" + (reason is null ? "" : $" ({reason})"),
                    sent, command, Attempts: attempt);
            case HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout:
                return new ActionOutcome(request.Rollout, request.Action, ActionResult.Timeout,
                    $"the API server timed out during {step.Verb} {step.Resource}: the action may or may not have been applied", sent, command, Attempts: attempt);
            default:
                return new ActionOutcome(request.Rollout, request.Action, ActionResult.Failed,
                    $"{step.Verb} {step.Resource} failed with {(int?)ex.Response?.StatusCode} {ex.Response?.ReasonPhrase}" + (reason is null ? "" : $": {reason}"),
                    sent, command, Attempts: attempt);
        }
    }

    /// <summary>The <c>message</c> of the API server's Status body, when it sent one.</summary>
    private static string? ServerMessage(HttpOperationException ex)
    {
        var content = ex.Response?.Content;
        if (string.IsNullOrWhiteSpace(content))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return content.Length > 200 ? content[..200] : content;
        }
    }

    private static string Describe(RolloutActionRequest request) => request.Action switch
    {
        RolloutAction.Advance => $"advanced {request.Rollout} to step {request.TargetStep}",
        RolloutAction.PromoteFull => $"fully promoted {request.Rollout}",
        RolloutAction.Retry => $"retried {request.Rollout}",
        RolloutAction.Resume => $"resumed {request.Rollout}",
        RolloutAction.Pause => $"paused {request.Rollout}",
        RolloutAction.Abort => $"aborted {request.Rollout}",
        _ => $"promoted {request.Rollout}",
    };
}
