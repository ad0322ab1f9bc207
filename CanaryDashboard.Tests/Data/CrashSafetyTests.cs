using System.Diagnostics;
using CanaryDashboard.IngestChild;
using Microsoft.Data.Sqlite;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// A child process ingests through the app's writer until it is SIGKILLed mid-ingest. The file it
/// leaves passes <c>PRAGMA integrity_check</c>, holds every batch the child reported committed,
/// and holds no partial batch.
/// </summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task A_SIGKILL_mid_ingest_loses_no_committed_batch_and_leaves_no_partial_one()
    {
        var folder = TestDatabase.NewFolder("crash");
        try
        {
            var committed = new HashSet<long>();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var child = Path.Combine(AppContext.BaseDirectory, "CanaryDashboard.IngestChild.dll");
            Assert.True(File.Exists(child), $"child not built beside the tests: {child}");
            using var process = new Process
            {
                StartInfo = new ProcessStartInfo("dotnet") { ArgumentList = { child, folder }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
            };
            var errors = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    lock (committed)
                    {
                        committed.Add(long.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                        if (committed.Count >= 300)
                            enough.TrySetResult();
                    }
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var finished = await Task.WhenAny(enough.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(finished == enough.Task, $"the child did not commit 300 batches (exited: {process.HasExited}); stderr: {errors}");

            process.Kill(); // SIGKILL on Linux: no shutdown, no flush, transactions in flight
            await process.WaitForExitAsync();
            long[] reported;
            lock (committed) reported = committed.ToArray();

            using var db = new SqliteConnection($"Data Source={Path.Combine(folder, "canary-dashboard.db")};Pooling=False");
            db.Open();
            Assert.Equal("ok", TestDatabase.Scalar(db, "PRAGMA integrity_check;"));

            var samplesPerBatch = new Dictionary<long, long>();
            using (var command = db.CreateCommand())
            {
                command.CommandText = "SELECT StepIndex, COUNT(*) FROM Samples GROUP BY StepIndex";
                using var reader = command.ExecuteReader();
                while (reader.Read()) samplesPerBatch[reader.GetInt64(0)] = reader.GetInt64(1);
            }
            var decisions = new HashSet<string>();
            using (var command = db.CreateCommand())
            {
                command.CommandText = "SELECT Rule FROM Decisions";
                using var reader = command.ExecuteReader();
                while (reader.Read()) decisions.Add(reader.GetString(0));
            }

            // Every reported batch is there, whole.
            Assert.All(reported, n => Assert.Equal(IngestChildProgram.RolloutsPerBatch, samplesPerBatch.GetValueOrDefault(n)));
            Assert.All(reported, n => Assert.Contains($"batch {n}", decisions));
            // No batch is there in part (batches committed but not yet printed are whole too).
            Assert.All(samplesPerBatch, kv => Assert.Equal(IngestChildProgram.RolloutsPerBatch, kv.Value));
            Assert.Equal(samplesPerBatch.Count, decisions.Count);
            // Batches are committed in order, so what is there is 1…N with no hole.
            Assert.Equal(Enumerable.Range(1, samplesPerBatch.Count).Select(i => (long)i), samplesPerBatch.Keys.Order());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
