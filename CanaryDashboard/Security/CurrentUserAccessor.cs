using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Components.Authorization;

namespace CanaryDashboard.Security;

/// <summary>
/// The current user for components (scoped to the circuit): <c>@inject CurrentUserAccessor Users</c>,
/// then <c>var user = await Users.GetAsync(); user.Can(DashboardPermission.Abort)</c>. Endpoints use
/// <c>CurrentUser.From(httpContext.User)</c>.
/// </summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider authentication)
{
    public async Task<CurrentUser> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return CurrentUser.From(state.User);
    }

    public async Task<bool> CanAsync(DashboardPermission permission) => (await GetAsync()).Can(permission);
}
