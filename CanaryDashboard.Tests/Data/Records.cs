using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Data;

/// <summary>Builds the records the poller hands the writer, with values computed by the real engine.</summary>
internal static class Records
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static SampleRecord Sample(RolloutKey rollout, DateTimeOffset at, double canaryP99 = 0.120, double stableP99 = 0.110,
        int? step = 1, RunObservation? run = null, double actualWeight = 10)
    {
        var canary = new VersionMetrics(canaryP99, 0.004, 50, 3000, new PoolGauges(12, 3, 50));
        var stable = new VersionMetrics(stableP99, 0.002, 450, 27000, new PoolGauges(40, 9, 50));
        var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, stableP99, 0.004, 0.002, 3000, 27000), EngineParameters.Default);
        return new SampleRecord(rollout, at, canary, stable, engine, actualWeight, 10, step, run);
    }

    /// <summary>A sample whose latency breaches the default 20 % threshold.</summary>
    public static SampleRecord Breach(RolloutKey rollout, DateTimeOffset at, RunObservation? run = null) =>
        Sample(rollout, at, canaryP99: 0.200, stableP99: 0.100, run: run);

    public static DecisionRecord Decision(RolloutKey rollout, DateTimeOffset at, DecisionAction action = DecisionAction.Hold,
        SentPatch? sent = null, string rule = "holding") =>
        new(rollout, at, RolloutPolicy.Auto, WeightEngine.EvaluateDeltas(0.05, 0.001, EngineParameters.Default), rule, action, Sent: sent);

    public static ActionRecord Action(RolloutKey rollout, DateTimeOffset at, string action = "abort", string user = "alice") =>
        new(rollout, at, user, action, "succeeded", "rollouts/x/status", """{"status":{"abort":true}}""",
            $"kubectl argo rollouts abort {rollout.Name} -n {rollout.Namespace}");
}
