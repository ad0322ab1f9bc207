using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*'
// Quick history timings without BenchmarkDotNet: ... -- history-quick
if (args is ["history-quick"])
{
    await CanaryDashboard.Benchmarks.HistoryQuickTiming.RunAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
