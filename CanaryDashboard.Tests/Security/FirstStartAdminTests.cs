using System.Net;
using System.Text.Json;
using CanaryDashboard.Security.Accounts;

namespace CanaryDashboard.Tests.Security;

/// <summary>Sign-in required and no account configured: the first start creates an admin, prints its password once, keeps only the hash.</summary>
public sealed class FirstStartAdminTests : IDisposable
{
    private readonly string _dataPath = SecurityAppFactory.NewDataPath();

    private static Dictionary<string, string?> NonLoopback() => new() { ["Urls"] = SecurityAppFactory.NonLoopbackUrls };

    private static List<LogLine> PasswordLines(SecurityAppFactory app) =>
        app.Logs.Where(l => l.Category.EndsWith(nameof(LocalAccountStore), StringComparison.Ordinal) && l.State.ContainsKey("Password")).ToList();

    [Fact]
    public async Task The_first_start_prints_a_password_once_and_the_second_start_keeps_the_account_without_printing()
    {
        string password;
        await using (var first = new SecurityAppFactory(NonLoopback(), _dataPath))
        {
            using var client = first.NewClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);   // starts the app
            var line = Assert.Single(PasswordLines(first));
            password = (string)line.State["Password"]!;
            Assert.Contains(password, line.Message);
            Assert.Equal(20, password.Length);

            var file = await File.ReadAllTextAsync(Path.Combine(_dataPath, "users.json"));
            Assert.DoesNotContain(password, file);
            var stored = JsonDocument.Parse(file).RootElement.GetProperty("users")[0];
            Assert.Equal("admin", stored.GetProperty("name").GetString());
            Assert.Equal("admin", stored.GetProperty("role").GetString());
            Assert.True(PasswordHashing.Verify(stored.GetProperty("passwordHash").GetString()!, password));

            HttpAssertions.IsRedirectTo(await first.SignInAsync(client, "admin", password, "/engine"), "/engine");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataPath, "users.json")));
        }

        await using var second = new SecurityAppFactory(NonLoopback(), _dataPath);
        using var again = second.NewClient();
        HttpAssertions.IsRedirectTo(await second.SignInAsync(again, "admin", password), "/");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
        Assert.Empty(PasswordLines(second));
        Assert.DoesNotContain(second.Logs, l => l.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_accounts_mean_no_generated_admin()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("alice", "admin", "alice-pass")), _dataPath);
        using var client = app.NewClient();
        await client.GetAsync("/api/me");
        Assert.Empty(PasswordLines(app));
        Assert.False(File.Exists(Path.Combine(_dataPath, "users.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
            Directory.Delete(_dataPath, recursive: true);
    }
}
