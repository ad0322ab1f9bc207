using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using CanaryDashboard.Components.Pages;
using CanaryDashboard.Tests.Live;
using MudBlazor;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Pages;

/// <summary>The overview (<c>/</c>): rows from the watch and the engine, attention on top, filters, live changes.</summary>
public sealed class OverviewPageTests : PageTestContext
{
    private IRenderedComponent<Overview> RenderPage(string? ns = null, string? status = null, string? q = null)
    {
        // The filters come from the URL, as a deep link gives them.
        Prepare();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameters("/", new Dictionary<string, object?> { ["ns"] = ns, ["status"] = status, ["q"] = q }));
        Prepare();
        return Render<Overview>();
    }

    private static string[] RowKeys(IRenderedComponent<Overview> page) =>
        page.FindAll("tr[data-rollout]").Select(r => r.GetAttribute("data-rollout")!).ToArray();

    [Fact]
    public void Lists_every_rollout_with_attention_on_top()
    {
        Seed(Paused("shop", "checkout"), Healthy("shop", "catalog"), Aborted("pay", "ledger"));
        Live.Update(State(new("shop", "checkout"), Sample(Now.AddSeconds(-7))));

        var page = RenderPage();

        Assert.Equal(["pay/ledger", "shop/checkout", "shop/catalog"], RowKeys(page));
        var checkout = page.Find("tr[data-rollout='shop/checkout']").TextContent;
        Assert.Contains("9/16", checkout);
        Assert.Contains("+8%", checkout);
        Assert.Contains("+0.1 pp", checkout);
        Assert.Contains("proceed", checkout);
        Assert.Contains("7 s ago", checkout);
        Assert.Contains("degraded", page.Find("tr[data-rollout='pay/ledger']").TextContent);
        Assert.Contains("3 of 3 rollouts · 1 need attention", page.Find("[aria-label='Row count']").TextContent);
        Assert.Equal("rollouts/shop/checkout", page.Find("tr[data-rollout='shop/checkout'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Query_parameters_restore_the_filters()
    {
        Seed(Paused("shop", "checkout"), Paused("shop", "cart"), Aborted("pay", "checkout-api"));

        Assert.Equal(["shop/cart", "shop/checkout"], RowKeys(RenderPage(ns: "shop")));
        await DisposeComponentsAsync();
        Assert.Equal(["pay/checkout-api"], RowKeys(RenderPage(status: "Degraded")));
        await DisposeComponentsAsync();
        Assert.Equal(["pay/checkout-api", "shop/checkout"], RowKeys(RenderPage(q: "checkout")));
    }

    [Fact]
    public void Typing_a_name_writes_the_filter_into_the_url()
    {
        Seed(Paused("shop", "checkout"));
        var page = RenderPage();

        page.Find("#overview-name-filter").Input("chec");
        page.Find("#overview-name-filter").Blur();   // leaving the field flushes the debounce

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("?q=chec", navigation.Uri), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Rows_change_when_the_engine_or_the_cluster_changes()
    {
        Seed(Paused("shop", "checkout"));
        var page = RenderPage();
        Assert.DoesNotContain("breach", page.Find("tr[data-rollout='shop/checkout']").TextContent);

        Live.Update(State(new("shop", "checkout"), Breach(Now)));
        page.WaitForAssertion(() => Assert.Contains("breach", page.Find("tr[data-rollout='shop/checkout']").TextContent), TimeSpan.FromSeconds(30));

        // The watch's change goes through the page's throttle, which runs on the (fake) clock.
        Snapshots.Set(Aborted("shop", "checkout"));
        await Eventually.True(() => { Clock.Advance(TimeSpan.FromMilliseconds(100)); return page.Markup.Contains("Degraded"); }, "the row shows Degraded");
    }

    [Fact]
    public void No_rollouts_says_so()
    {
        var page = RenderPage();
        Assert.Contains("No rollouts in the watched namespaces.", page.Markup);
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        Seed(Paused("shop", "checkout"));
        RenderPage();
        Assert.Equal(1, Live.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Live.SubscriberCount);
    }
}
