namespace CanaryDashboard.Security;

/// <summary>
/// Refuses a state-changing request that a browser sent from another origin. Without it any web
/// page open in the same browser could POST an abort to a loopback dashboard (whose user needs no
/// sign-in) or ride a signed-in cookie from a same-site page on another port. Browsers always send
/// <c>Origin</c> (and <c>Sec-Fetch-Site</c>) on such requests; curl and other API clients send
/// neither and pass.
/// </summary>
public sealed class SameOriginFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
            return ValueTask.FromResult<object?>(Refuse("the browser says this request comes from another site"));
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                                  || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
            return ValueTask.FromResult<object?>(Refuse($"Origin {origin} is not this dashboard ({request.Host})"));
        return next(context);
    }

    private static IResult Refuse(string reason) =>
        Results.Json(new { error = $"cross-origin request refused: {reason}" }, statusCode: StatusCodes.Status403Forbidden);
}
