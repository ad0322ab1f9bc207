using System.Diagnostics;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>A fact that skips itself, saying why, when no kubectl is installed (e.g. a fresh CI machine).</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null)
            Skip = "kubectl is not installed (not on PATH): the stock-kubectl check of the simulated cluster is skipped";
    }
}

internal static class Kubectl
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
        .FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = System.IO.Path.GetDirectoryName(kubeconfig);   // kubectl's discovery cache stays in the test folder
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class KubectlTests : SimulatedClusterTestBase
{
    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.SeedExampleRollouts = true;
        return options;
    }

    [KubectlFact]
    public async Task Stock_kubectl_lists_the_rollouts_of_every_namespace()
    {
        var (exit, output) = await Kubectl.RunAsync(Cluster.KubeconfigPath, "get", "rollouts.argoproj.io", "-A");

        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAMESPACE", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("payments", StringComparison.Ordinal) && l.Contains("payments-gateway"));
        Assert.Contains(lines, l => l.StartsWith("storefront", StringComparison.Ordinal) && l.Contains("checkout-web"));
        Assert.Equal(7, lines.Length);
    }

    [KubectlFact]
    public async Task Kubectl_merge_patches_the_status_subresource()
    {
        var (versionExit, version) = await Kubectl.RunAsync(Cluster.KubeconfigPath, "version", "--client", "-o", "json");
        Assert.True(versionExit == 0, version);
        var minor = System.Text.Json.Nodes.JsonNode.Parse(version)!["clientVersion"]!["minor"]!.GetValue<string>();
        if (int.Parse(new string(minor.TakeWhile(char.IsDigit).ToArray())) < 24)
            return;   // kubectl before 1.24 has no --subresource (Debian's 1.20); the list test above still ran

        var (exit, output) = await Kubectl.RunAsync(Cluster.KubeconfigPath, "patch", "rollouts.argoproj.io", "checkout-web", "-n", "storefront",
            "--subresource=status", "--type=merge", "-p", """{"status":{"abort":true}}""");

        Assert.True(exit == 0, output);
        Assert.Equal(true, Json.Bool(Cluster.Store.Get(ResourceCatalog.Rollouts, "storefront", "checkout-web")!["status"]!["abort"]));
    }
}
