using CanaryDashboard.Hosting;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddOperatorConfiguration(args);
builder.AddCanaryDashboardServices();

var app = builder.Build();
app.MapCanaryDashboard();

try
{
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

/// <summary>Entry point; public so test hosts can start the real app.</summary>
public partial class Program;
