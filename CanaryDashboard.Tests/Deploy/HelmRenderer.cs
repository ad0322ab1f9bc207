using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>The outcome of one `helm template`: the rendered objects, or Helm's error.</summary>
internal sealed record HelmRender(int ExitCode, string Output, string Error)
{
    private IReadOnlyList<YamlMappingNode>? _objects;

    /// <summary>The objects of a `helm template` output (parsed on first use; lint output is not YAML).</summary>
    public IReadOnlyList<YamlMappingNode> Objects => _objects ??= ExitCode == 0
        ? ChartFiles.Parse(Output).Select(d => d.RootNode).OfType<YamlMappingNode>().ToList()
        : [];

    public IReadOnlyList<YamlMappingNode> OfKind(string kind) =>
        Objects.Where(o => o.Child("kind") is YamlScalarNode { Value: var k } && k == kind).ToList();

    public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));
}

/// <summary>
/// Runs the real Helm on the chart. Helm is found through HELM, then PATH, then installed once by
/// deploy/helm/canary-dashboard/tools/install-helm.sh into the repository's tmp/tools.
/// </summary>
internal static class HelmRenderer
{
    public const string Release = "rel";
    public const string Namespace = "canary";

    private static readonly Lazy<string> Binary = new(FindOrInstall, LazyThreadSafetyMode.ExecutionAndPublication);

    public static HelmRender Template(string? valuesFile = null, params string[] sets)
    {
        List<string> args = ["template", Release, ChartFiles.ChartDirectory, "--namespace", Namespace];
        if (valuesFile is not null)
            args.AddRange(["--values", ChartFiles.PathOf(valuesFile)]);
        foreach (var set in sets)
            args.AddRange(["--set", set]);
        return Run(args);
    }

    public static HelmRender Run(IEnumerable<string> args)
    {
        var (code, output, error) = Exec(Binary.Value, args);
        return new HelmRender(code, output, error);
    }

    private static string FindOrInstall()
    {
        if (Environment.GetEnvironmentVariable("HELM") is { Length: > 0 } configured)
            return configured;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "helm")).FirstOrDefault(File.Exists);
        if (onPath is not null)
            return onPath;

        var script = ChartFiles.PathOf("tools/install-helm.sh");
        var (code, output, error) = Exec("bash", [script], TimeSpan.FromMinutes(5));
        var installed = output.Trim().Split('\n').LastOrDefault()?.Trim();
        if (code != 0 || installed is null || !File.Exists(installed))
            throw new InvalidOperationException($"helm is not installed and {script} failed ({code}): {error}");
        return installed;
    }

    private static (int Code, string Output, string Error) Exec(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // Helm's cache and config stay in the tree's tmp/, not in the user's home.
        var home = Path.Combine(ChartFiles.RepositoryRoot, "tmp", "helm-home");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
