using System.Net;
using System.Text;

namespace CanaryDashboard.Tests.Kubernetes.Infrastructure;

/// <summary>
/// Answers chosen requests itself with what the simulated server cannot be made to say (a 409 on a
/// merge patch without resourceVersion, an API server that never answers); everything else goes through.
/// </summary>
public sealed class FaultInjectingHandler(FaultRules rules) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (rules.Rule?.Invoke(request))
        {
            case Fault.Conflict:
                return new HttpResponseMessage(HttpStatusCode.Conflict)
                {
                    Content = new StringContent(
                        """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Operation cannot be fulfilled on rollouts.argoproj.io: the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","code":409}""",
                        Encoding.UTF8, "application/json"),
                };
            case Fault.NeverAnswer:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new OperationCanceledException(cancellationToken);
            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }
}

public enum Fault
{
    Conflict,
    NeverAnswer,
}

/// <summary>The rule the fault handlers of one fixture share (a handler belongs to one client pipeline).</summary>
public sealed class FaultRules
{
    /// <summary>Given a request, a fault to answer with, or null to pass it on.</summary>
    public Func<HttpRequestMessage, Fault?>? Rule { get; set; }
}
