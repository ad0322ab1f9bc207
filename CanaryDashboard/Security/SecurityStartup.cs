using CanaryDashboard.Security.Accounts;
using CanaryDashboard.Security.Modes;

namespace CanaryDashboard.Security;

/// <summary>
/// Once the server listens (its real addresses are known): decide the mode, say it in the log, and
/// in local-accounts mode make sure an admin exists (the first start creates one and prints its
/// password once).
/// </summary>
public sealed class SecurityStartup(AuthModeResolver resolver, LocalAccountStore accounts, ILogger<SecurityStartup> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var decision = resolver.Current;
        switch (decision.Mode)
        {
            case EffectiveAuthMode.AnonymousLocalAdmin:
                logger.LogInformation("Authentication: none, everyone is the local admin ({Reason}). Bind beyond loopback and sign-in is required.", decision.Reason);
                break;
            case EffectiveAuthMode.LocalAccounts:
                accounts.EnsureAdminExists();
                logger.LogInformation("Authentication: sign-in with local accounts ({Reason}); {Count} account(s).", decision.Reason, accounts.Accounts.Count);
                break;
            case EffectiveAuthMode.OpenIdConnect:
                logger.LogInformation("Authentication: sign-in with OpenID Connect ({Reason}).", decision.Reason);
                break;
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
