using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Api;

/// <summary>
/// A failure the simulated API server answers with a Kubernetes <c>Status</c> object, shaped as
/// the real API server shapes it (reason, code, details), so clients parse it the same way.
/// </summary>
public sealed class ApiException(int code, string reason, string message, ResourceType? resource = null, string? name = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public JsonObject ToStatus() => ApiStatus.Failure(Code, Reason, Message, resource, name);

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", type, name);

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", type, name);

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            type, name);

    public static ApiException Gone(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(ResourceType type, string name, string message) =>
        new(422, "Invalid", $"{type.Kind}.{type.Group} \"{name}\" is invalid: {message}", type, name);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format ({contentType}) - accepted media types include: application/merge-patch+json");

    public static ApiException MethodNotAllowed(string method) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method})");

    public static ApiException PathNotFound(string path) =>
        new(404, "NotFound", $"the server could not find the requested resource ({path})");
}

public static class ApiStatus
{
    public static JsonObject Failure(int code, string reason, string message, ResourceType? type = null, string? name = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (type is not null)
        {
            var details = new JsonObject();
            if (name is not null) details["name"] = name;
            details["group"] = type.Group;
            details["kind"] = type.Plural;
            status["details"] = details;
        }
        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ResourceType type, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural, ["uid"] = uid },
    };
}
