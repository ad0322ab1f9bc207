namespace CanaryDashboard.Live;

/// <summary>
/// The control loop's latest decision for one rollout, in the words the detail page shows
/// ("advance: safe weight allows rung 35 · holding: 2 of 3 polls").
/// </summary>
/// <param name="At">When it was decided.</param>
/// <param name="Rule">The rule that fired (for example "advance-after-n-polls", "abort-after-m-breaches", "hold-insufficient-data").</param>
/// <param name="Action">What the loop chose: hold, advance, abort, none.</param>
/// <param name="Outcome">What came of it: recorded (Observe), advised (Advise), sent, failed: reason.</param>
/// <param name="ConsecutiveCount">Polls in a row that support the action so far.</param>
/// <param name="RequiredCount">Polls in a row the policy requires before acting (N or M).</param>
/// <param name="TargetWeight">The rung the action aims at, when it has one.</param>
public sealed record DecisionSummary(
    DateTimeOffset At,
    string Rule,
    string Action,
    string Outcome,
    int ConsecutiveCount,
    int RequiredCount,
    int? TargetWeight = null)
{
    /// <summary>"2 of 3 polls".</summary>
    public string Progress => $"{ConsecutiveCount} of {RequiredCount} polls";
}
