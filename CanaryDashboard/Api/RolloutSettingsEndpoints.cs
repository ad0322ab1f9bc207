using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Model;

namespace CanaryDashboard.Api;

/// <summary>
/// <c>GET</c> and <c>PUT /api/rollouts/{namespace}/{name}/settings</c>: the rollout's policy,
/// threshold profile, label values, N, M and auto-promote-to-full. A PUT replaces them all
/// (left-out fields take their defaults) and is refused with every reason when invalid.
/// </summary>
public static class RolloutSettingsEndpoints
{
    private static readonly JsonSerializerOptions Input = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field is refused instead of silently falling back to a default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapRolloutSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rollouts/{namespace}/{name}/settings", async (string @namespace, string name, RolloutSettingsStore store, CancellationToken cancellationToken) =>
            Results.Json(View(await store.GetAsync(new RolloutKey(@namespace, name), cancellationToken)), HistoryEndpoints.Json));

        app.MapPut("/api/rollouts/{namespace}/{name}/settings", async (string @namespace, string name, HttpContext context,
            RolloutSettingsStore store, CancellationToken cancellationToken) =>
        {
            SettingsInput? input;
            try
            {
                input = await JsonSerializer.DeserializeAsync<SettingsInput>(context.Request.Body, Input, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid settings JSON: {ex.Message}"] });
            }
            if (input is null)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["must be a JSON object"] });

            var problems = new List<SettingsProblem>();
            var policy = RolloutPolicy.Observe;
            if (input.Policy is null)
                problems.Add(new("policy", $"is required: one of {string.Join(", ", Enum.GetNames<RolloutPolicy>())}"));
            else if (Enum.GetNames<RolloutPolicy>().FirstOrDefault(n => string.Equals(n, input.Policy, StringComparison.OrdinalIgnoreCase)) is { } known)
                policy = Enum.Parse<RolloutPolicy>(known);
            else
                problems.Add(new("policy", $"must be one of {string.Join(", ", Enum.GetNames<RolloutPolicy>())} (was '{input.Policy}')"));

            var defaults = RolloutSettings.Default;
            var settings = new RolloutSettings(policy, input.ThresholdProfileId, input.Job, input.CanaryVersion, input.StableVersion,
                input.PollsToAdvance ?? defaults.PollsToAdvance, input.BreachesToAbort ?? defaults.BreachesToAbort,
                input.AllowAutoPromoteToFull ?? defaults.AllowAutoPromoteToFull);
            problems.AddRange(await store.ValidateAsync(settings, cancellationToken));
            if (problems.Count > 0)
                return Refused(problems);

            var user = context.User.Identity?.Name is { Length: > 0 } n ? n : "local";
            var (saved, refused) = await store.SaveAsync(new RolloutKey(@namespace, name), settings, user, cancellationToken);
            return saved is null ? Refused(refused) : Results.Json(View(saved), HistoryEndpoints.Json);
        });
        return app;
    }

    internal static IResult Refused(IEnumerable<SettingsProblem> problems) =>
        Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()));

    private static object View(StoredRolloutSettings s) => new
    {
        s.Rollout.Namespace,
        s.Rollout.Name,
        s.Settings.Policy,
        s.Settings.ThresholdProfileId,
        s.Settings.Job,
        s.Settings.CanaryVersion,
        s.Settings.StableVersion,
        s.Settings.PollsToAdvance,
        s.Settings.BreachesToAbort,
        s.Settings.AllowAutoPromoteToFull,
        s.IsDefault,
        s.UpdatedAt,
        s.UpdatedBy,
    };

    private sealed record SettingsInput(
        string? Policy, long? ThresholdProfileId, string? Job, string? CanaryVersion, string? StableVersion,
        int? PollsToAdvance, int? BreachesToAbort, bool? AllowAutoPromoteToFull);
}
