namespace CanaryDashboard.Simulation.Api;

/// <summary>
/// A resource path parsed as the API server routes it:
/// <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c> or the same under <c>/apis/{group}/{version}</c>.
/// </summary>
public sealed record ApiRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    public static ApiRequest? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        ArraySegment<string> rest;
        if (segments is ["api", var coreVersion, ..] && segments.Length >= 3)
        {
            (group, version, rest) = ("", coreVersion, segments[2..]);
        }
        else if (segments is ["apis", var g, var v, ..] && segments.Length >= 4)
        {
            (group, version, rest) = (g, v, segments[3..]);
        }
        else
        {
            return null;
        }

        // /namespaces/{ns}/{plural}... is namespaced, unless {plural} is no resource of this group
        // (then it is the namespace object's own subresource, /api/v1/namespaces/{name}/status).
        if (rest.Count >= 3 && rest[0] == "namespaces" && ResourceCatalog.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            return rest.Count switch
            {
                3 => new ApiRequest(namespaced, rest[1], null, null),
                4 => new ApiRequest(namespaced, rest[1], rest[3], null),
                5 => new ApiRequest(namespaced, rest[1], rest[3], rest[4]),
                _ => null,
            };
        }
        var type = ResourceCatalog.Find(group, version, rest[0]);
        if (type is null)
            return null;
        return rest.Count switch
        {
            1 => new ApiRequest(type, null, null, null),
            2 when !type.Namespaced => new ApiRequest(type, null, rest[1], null),
            3 when !type.Namespaced => new ApiRequest(type, null, rest[1], rest[2]),
            _ => null,
        };
    }
}
