using Bunit;
using Bunit.TestDoubles;
using CanaryDashboard.Components.Layout;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security;
using CanaryDashboard.Security.Modes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CanaryDashboard.Tests.Security;

/// <summary>The layout's app bar shows who is signed in, with the role, and sign-out only when there was a sign-in.</summary>
public sealed class UserBadgeTests : BunitContext, IAsyncLifetime
{
    private BunitAuthorizationContext Setup(string urls)
    {
        var auth = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Urls", urls)]).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<IOptions<CanaryDashboardOptions>>(new OptionsWrapper<CanaryDashboardOptions>(new CanaryDashboardOptions()));
        Services.AddSingleton<AuthModeResolver>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return auth;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p>page</p>"))));

    [Fact]
    public void A_signed_in_user_is_shown_with_the_role_and_a_sign_out()
    {
        var auth = Setup(SecurityAppFactory.NonLoopbackUrls);
        auth.SetAuthorized("olga");
        auth.SetClaims(new System.Security.Claims.Claim(DashboardClaims.Role, "operator"));

        var layout = RenderLayout();
        Assert.Equal("olga · operator", layout.Find("[data-testid=current-user]").TextContent.Trim());
        Assert.Contains("Sign out", layout.Find("[data-testid=sign-out]").TextContent);
        Assert.Equal("auth/signout", layout.Find("[data-testid=sign-out]").GetAttribute("action"));
    }

    [Fact]
    public void The_loopback_admin_is_shown_without_a_sign_out()
    {
        var auth = Setup("http://127.0.0.1:5000");
        auth.SetAuthorized("local-admin");
        auth.SetClaims(new System.Security.Claims.Claim(DashboardClaims.Role, "admin"));

        var layout = RenderLayout();
        Assert.Equal("local-admin · admin", layout.Find("[data-testid=current-user]").TextContent.Trim());
        Assert.Empty(layout.FindAll("[data-testid=sign-out]"));
    }

    [Fact]
    public void Nobody_signed_in_sees_a_sign_in_link()
    {
        Setup(SecurityAppFactory.NonLoopbackUrls);
        var layout = RenderLayout();
        Assert.Empty(layout.FindAll("[data-testid=current-user]"));
        Assert.Contains(layout.FindAll("a"), a => a.GetAttribute("href") == "/signin");
    }
}
