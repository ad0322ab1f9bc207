using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CanaryDashboard.Benchmarks.EngineBenchmarks).Assembly).Run(args);
