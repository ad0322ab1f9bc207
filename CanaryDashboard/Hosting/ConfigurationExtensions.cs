namespace CanaryDashboard.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Loads the operator-facing <c>appsettings.json</c> from the repository root (copied next to
    /// the binaries at build time), then re-applies environment variables and the command line so
    /// they keep overriding it. <c>CANARY_CONFIG</c> names another file instead.
    /// </summary>
    public static WebApplicationBuilder AddOperatorConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var path = Environment.GetEnvironmentVariable("CANARY_CONFIG");
        if (string.IsNullOrEmpty(path))
            path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        builder.Configuration.AddJsonFile(Path.GetFullPath(path), optional: string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CANARY_CONFIG")), reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
