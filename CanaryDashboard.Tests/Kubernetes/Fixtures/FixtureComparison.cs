using CanaryDashboard.Model;
using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;

namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

/// <summary>Compares a snapshot with an expected.json record field by field and lists every difference.</summary>
public static class FixtureComparison
{
    public static IReadOnlyList<string> Differences(ExpectedRollout expected, RolloutSnapshot actual)
    {
        var differences = new List<string>();
        void Check<T>(string field, T want, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(want, got))
                differences.Add($"{field}: expected <{want}> but was <{got}>");
        }

        Check("name", expected.Name, actual.Name);
        Check("namespace", expected.Namespace, actual.Namespace);
        Check("strategy", expected.Strategy, actual.Strategy);
        Check("status", expected.Status, actual.Status);
        Check("message", expected.Message, actual.Message);
        Check("step", expected.Step, actual.Step);
        // Blue-green: Argo prints no weight lines; our snapshot carries none either.
        Check("setWeight", expected.SetWeight, actual.SetWeight);
        Check("actualWeight", expected.ActualWeight, actual.ActualWeight);
        Check("replicas.desired", expected.Replicas.Desired, actual.Replicas.Desired);
        Check("replicas.current", expected.Replicas.Current, actual.Replicas.Current);
        Check("replicas.updated", expected.Replicas.Updated, actual.Replicas.Updated);
        Check("replicas.ready", expected.Replicas.Ready, actual.Replicas.Ready);
        Check("replicas.available", expected.Replicas.Available, actual.Replicas.Available);
        Check("images", Describe(expected.Images.Select(i => (i.Image, i.Tags))), Describe(actual.Images.Select(i => (i.Image, i.Tags.ToArray()))));
        Check("containers", string.Join(", ", expected.Containers.Select(c => $"{c.Name}={c.Image}")),
            string.Join(", ", actual.Containers.Select(c => $"{c.Name}={c.Image}")));

        var row = JsonSerializer.SerializeToElement(actual.List);
        foreach (var (column, want) in expected.List)
        {
            if (!row.TryGetProperty(column, out var got))
                differences.Add($"list.{column}: missing from the row");
            else
                Check($"list.{column}", want.GetRawText(), got.GetRawText());
        }
        return differences;
    }

    public static void AssertMatches(ExpectedRollout expected, RolloutSnapshot actual)
    {
        var differences = Differences(expected, actual);
        Assert.True(differences.Count == 0, $"{expected}:\n  " + string.Join("\n  ", differences));
    }

    /// <summary>Every record against the snapshot <paramref name="find"/> gives for it; all differences in one failure.</summary>
    public static void AssertAllMatch(IEnumerable<ExpectedRollout> expected, Func<RolloutKey, RolloutSnapshot?> find)
    {
        var failures = new List<string>();
        foreach (var record in expected)
        {
            if (find(new RolloutKey(record.Namespace, record.Name)) is not { } snapshot)
                failures.Add($"{record}: no snapshot");
            else
                failures.AddRange(Differences(record, snapshot).Select(d => $"{record}: {d}"));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Describe(IEnumerable<(string Image, string[] Tags)> images) =>
        string.Join("; ", images.Select(i => $"{i.Image} [{string.Join(",", i.Tags)}]"));
}
