using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryDashboard.Tests.Configuration;

/// <summary>
/// The built app started as an operator starts it: a bad value stops it with the key named, and
/// command-line and environment overrides beat the configuration file (in that order).
/// </summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task A_bad_value_stops_start_up_with_the_key_and_the_reason()
    {
        await using var app = AppProcess.Start(["--Engine:MaxWeight=150"]);

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("CanaryDashboard cannot start: the configuration is invalid.", app.StandardError);
        Assert.Contains("Engine:MaxWeight: must be at most 100 (was 150)", app.StandardError);
        Assert.DoesNotContain("Now listening", app.StandardOutput);
        // The operator sees the message, not a stack trace.
        Assert.DoesNotContain("   at ", app.StandardError + app.StandardOutput);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_stops_start_up_with_the_key()
    {
        await using var app = AppProcess.Start(["--Engine:MaxWeight=fifty"]);

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Contains("Failed to convert configuration value 'fifty' at 'Engine:MaxWeight' to type 'System.Double'.", app.StandardError);
        Assert.DoesNotContain("   at ", app.StandardError + app.StandardOutput);
    }

    [Fact]
    public async Task Several_bad_values_are_all_named()
    {
        await using var app = AppProcess.Start(["--Engine:MaxWeight=150", "--Polling:Interval=00:00:00.100", "--Engine:LatencyDecay=-2"]);

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Contains("Engine:MaxWeight: must be at most 100 (was 150)", app.StandardError);
        Assert.Contains("Engine:LatencyDecay: must not be negative (was -2)", app.StandardError);
        Assert.Contains("Polling:Interval: must be at least 1 second", app.StandardError);
    }

    [Fact]
    public async Task The_repository_appsettings_is_read_and_a_command_line_value_overrides_it()
    {
        await using var app = AppProcess.Start(["--Engine:MaxWeight=50"]);

        // 5 + 1 × (50 − 5) = 50.0 at zero deltas
        var result = await Evaluate(app);

        Assert.Equal(50, result.GetProperty("parameters").GetProperty("maxWeight").GetDouble());
        Assert.Equal(50.0, result.GetProperty("weight").GetDouble());
        // From the repository's appsettings.json, untouched by the override:
        Assert.Equal(0.2, result.GetProperty("parameters").GetProperty("latencyThreshold").GetDouble());
    }

    [Fact]
    public async Task A_configuration_file_value_is_used_when_nothing_overrides_it()
    {
        var file = WriteConfigWithMaxWeight(70);
        await using var app = AppProcess.Start([], new Dictionary<string, string> { ["CANARY_CONFIG"] = file });

        Assert.Equal(70, (await Evaluate(app)).GetProperty("parameters").GetProperty("maxWeight").GetDouble());
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_configuration_file()
    {
        var file = WriteConfigWithMaxWeight(70);
        await using var app = AppProcess.Start([], new Dictionary<string, string> { ["CANARY_CONFIG"] = file, ["Engine__MaxWeight"] = "60" });

        Assert.Equal(60, (await Evaluate(app)).GetProperty("parameters").GetProperty("maxWeight").GetDouble());
    }

    [Fact]
    public async Task The_command_line_overrides_the_environment_and_the_file()
    {
        var file = WriteConfigWithMaxWeight(70);
        await using var app = AppProcess.Start(["--Engine:MaxWeight=40"],
            new Dictionary<string, string> { ["CANARY_CONFIG"] = file, ["Engine__MaxWeight"] = "60" });

        Assert.Equal(40, (await Evaluate(app)).GetProperty("parameters").GetProperty("maxWeight").GetDouble());
    }

    private static async Task<JsonElement> Evaluate(AppProcess app)
    {
        var address = await app.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        return await http.GetFromJsonAsync<JsonElement>("/api/engine/evaluate?latencyDelta=0&errorDelta=0");
    }

    /// <summary>A copy of the repository's appsettings.json with another Engine:MaxWeight, under the temp directory.</summary>
    private static string WriteConfigWithMaxWeight(int maxWeight)
    {
        var original = Path.Combine(Path.GetDirectoryName(AppProcess.AppDllPath())!, "appsettings.json");
        var json = JsonNode.Parse(File.ReadAllText(original))!;
        json["Engine"]!["MaxWeight"] = maxWeight;
        var path = Path.Combine(Path.GetTempPath(), $"canary-appsettings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
