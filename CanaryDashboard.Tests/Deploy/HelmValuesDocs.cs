using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>One value of values.yaml and its helm-docs description (null when undocumented).</summary>
internal sealed record ValueDoc(string Path, string? Description, int Line);

/// <summary>
/// A small helm-docs checker. A key is documented when the comment block right above it (no blank
/// line between, same indentation) holds a <c># -- description</c> line. A documented key covers
/// its whole value (helm-docs lists it as one row); an undocumented key whose value is a non-empty
/// map is looked into; any other undocumented key is a leaf nobody explained.
/// </summary>
internal static class HelmValuesDocs
{
    public static IReadOnlyList<ValueDoc> Read(string valuesYaml)
    {
        var documents = ChartFiles.Parse(valuesYaml);
        if (documents.Count != 1 || documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidOperationException("values.yaml must be one YAML mapping");
        var lines = valuesYaml.Replace("\r\n", "\n").Split('\n');
        var found = new List<ValueDoc>();
        Walk(root, "", lines, found);
        return found;
    }

    public static IReadOnlyList<string> Undocumented(string valuesYaml) =>
        Read(valuesYaml).Where(v => v.Description is null).Select(v => v.Path).ToList();

    private static void Walk(YamlMappingNode mapping, string prefix, string[] lines, List<ValueDoc> found)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            var line = (int)keyNode.Start.Line;
            var description = DescriptionAbove(lines, line - 1, (int)keyNode.Start.Column - 1);
            if (description is null && value is YamlMappingNode { Children.Count: > 0 } children)
                Walk(children, path, lines, found);
            else
                found.Add(new ValueDoc(path, description, line));
        }
    }

    /// <summary>The <c># --</c> description in the comment block ending just above line index <paramref name="keyIndex"/>.</summary>
    private static string? DescriptionAbove(string[] lines, int keyIndex, int keyColumn)
    {
        var start = keyIndex;
        while (start > 0 && lines[start - 1].TrimStart().StartsWith('#'))
            start--;
        for (var i = start; i < keyIndex; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#');
            if (hash != keyColumn || !line.AsSpan(hash).StartsWith("# --"))
                continue;
            var text = line[(hash + 4)..].Trim();
            // helm-docs continues the description on the following plain comment lines.
            for (var j = i + 1; j < keyIndex; j++)
            {
                var next = lines[j].Trim();
                if (next.StartsWith("# @", StringComparison.Ordinal) || next.StartsWith("##", StringComparison.Ordinal) || next.StartsWith("# --", StringComparison.Ordinal))
                    break;
                text += " " + next.TrimStart('#').Trim();
            }
            text = text.Trim();
            return text.Length == 0 ? null : text;
        }
        return null;
    }
}
