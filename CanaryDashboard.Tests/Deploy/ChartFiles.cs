using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// Finds the Helm chart in the repository (walking up from the test binaries to the solution
/// file) and loads its plain YAML files. Helm itself is not on this machine, so the tests read
/// what is plain YAML (values, rules, examples, ci scenarios) and check how templates use it.
/// </summary>
internal static class ChartFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ChartDirectory { get; } = Path.Combine(RepositoryRoot, "deploy", "helm", "canary-dashboard");

    public static string PathOf(string relative) => Path.Combine(ChartDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string ReadText(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every document of a (possibly multi-document) YAML file; throws on a syntax error.</summary>
    public static IReadOnlyList<YamlDocument> LoadDocuments(string relative) => Parse(ReadText(relative));

    public static IReadOnlyList<YamlDocument> Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.ToList();
    }

    /// <summary>The single document of a file, as a mapping.</summary>
    public static YamlMappingNode LoadMapping(string relative)
    {
        var documents = LoadDocuments(relative);
        Assert.Single(documents);
        return Assert.IsType<YamlMappingNode>(documents[0].RootNode);
    }

    /// <summary>The chart's files that are not Helm templates (everything outside templates/).</summary>
    public static IReadOnlyList<string> PlainYamlFiles() =>
        Directory.EnumerateFiles(ChartDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(ChartDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("templates/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static YamlNode? Child(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode Required(this YamlNode node, string dottedPath)
    {
        var current = node;
        foreach (var key in dottedPath.Split('.'))
            current = current.Child(key) ?? throw new Xunit.Sdk.XunitException($"'{dottedPath}' is missing (at '{key}')");
        return current;
    }

    public static string Scalar(this YamlNode node, string dottedPath) =>
        Assert.IsType<YamlScalarNode>(node.Required(dottedPath)).Value ?? "";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CanaryDashboard.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"CanaryDashboard.sln not found above {AppContext.BaseDirectory}");
    }
}
