using CanaryDashboard.Configuration;
using CanaryDashboard.Hosting;
using Microsoft.Extensions.Options;

if (CanaryDashboard.Security.Accounts.HashPasswordCommand.IsInvoked(args))
    return CanaryDashboard.Security.Accounts.HashPasswordCommand.Run();

var builder = WebApplication.CreateBuilder(args);
builder.AddOperatorConfiguration(args);
builder.AddCanaryDashboardServices();

var app = builder.Build();
app.MapCanaryDashboard();

try
{
    // Validate before the host starts, so a bad value gives the message below and not the
    // host's "Hosting failed to start" stack trace first (ValidateOnStart stays as the backstop).
    _ = app.Services.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value;
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A bad configuration value stops start-up with every key and reason, not a stack trace.
    Console.Error.WriteLine("CanaryDashboard cannot start: the configuration is invalid.");
    foreach (var failure in ex.Failures)
        Console.Error.WriteLine("  - " + failure);
    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value of the wrong type (MaxWeight=fifty) fails in the binder, before validation; its message names the key.
    Console.Error.WriteLine("CanaryDashboard cannot start: the configuration is invalid.");
    Console.Error.WriteLine("  - " + ex.Message);
    return 2;
}

/// <summary>Entry point; public so test hosts can start the real app.</summary>
public partial class Program;
