using System.Threading.Channels;
using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// The one way history gets into the database. The poller calls <see cref="TryEnqueue"/> once per
/// cycle: it never blocks, and when the queue is full the batch is dropped and counted. One loop
/// takes what is queued (up to <c>Storage:Retention:BatchSize</c> records, lingering
/// <c>FlushInterval</c> for more) and commits it in one transaction; a failed commit is retried,
/// then dropped and counted; the loop never dies. On shutdown everything queued is written.
/// </summary>
public sealed class HistoryWriter : BackgroundService
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    private readonly Channel<object> _queue;
    private readonly HistoryBatchStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<HistoryWriter> _logger;
    private readonly RetentionOptions _options;
    // Never disposed: it has no timer, and StopAsync may run after the host disposed the services.
    private readonly CancellationTokenSource _stopping = new();
    private long _samples, _decisions, _actions, _transactions, _droppedRecords, _droppedBatches, _failedTransactions;
    private DateTimeOffset? _lastCommitAt;
    private string? _lastError;

    public HistoryWriter(HistoryBatchStore store, IOptions<CanaryDashboardOptions> options, TimeProvider time, ILogger<HistoryWriter> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _options = options.Value.Storage.Retention;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            // Wait (not a Drop mode) so TryWrite reports a full queue and the drop can be counted;
            // producers only ever call TryWrite, so nobody actually waits.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Raised after each commit with the batches it contained (on the writer's loop; keep it quick).</summary>
    public event Action<HistoryCommit>? Committed;

    /// <summary>Queues one poll cycle's history without blocking; false when it was dropped (queue full or stopped).</summary>
    public bool TryEnqueue(HistoryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            return true;
        if (_queue.Writer.TryWrite(batch))
            return true;
        var dropped = Interlocked.Increment(ref _droppedBatches);
        Interlocked.Add(ref _droppedRecords, batch.Count);
        if (dropped == 1 || dropped % 100 == 0)
            _logger.LogWarning("History queue full or closed: dropped {Records} records ({Batches} batches dropped so far)", batch.Count, dropped);
        return false;
    }

    /// <summary>Completes when everything queued before the call has been committed (or dropped after retries).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new FlushRequest();
        try
        {
            await _queue.Writer.WriteAsync(flushed, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Stopping: the loop drains what is queued; wait for it to finish.
            if (ExecuteTask is { } loop)
                await loop.WaitAsync(cancellationToken);
            return;
        }
        await flushed.Done.Task.WaitAsync(cancellationToken);
    }

    public HistoryWriterStats Stats => new(
        Interlocked.Read(ref _samples), Interlocked.Read(ref _decisions), Interlocked.Read(ref _actions),
        Interlocked.Read(ref _transactions), Interlocked.Read(ref _droppedBatches), Interlocked.Read(ref _droppedRecords),
        Interlocked.Read(ref _failedTransactions), _queue.Reader.Count, _lastCommitAt, _lastError);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // No more input; the loop drains what is queued (without lingering) and ends by itself.
        // It is awaited before the base class cancels it: a loop cancelled before it first ran would drain nothing.
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (ExecuteTask is { } loop)
        {
            try { await loop.WaitAsync(cancellationToken); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Shutdown timed out with {Queued} history batches still queued", _queue.Reader.Count);
            }
        }
        await base.StopAsync(cancellationToken);
    }


    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batches = new List<HistoryBatch>();
        var flushes = new List<FlushRequest>();
        // The queue ends only through StopAsync; waiting is not tied to stoppingToken so the drain happens.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var records = Take(reader, batches, flushes, 0);
            if (records < _options.BatchSize && flushes.Count == 0 && _options.FlushInterval > TimeSpan.Zero && !_stopping.IsCancellationRequested)
            {
                try { await Task.Delay(_options.FlushInterval, _time, _stopping.Token); }
                catch (OperationCanceledException) { }
                Take(reader, batches, flushes, records);
            }

            if (batches.Count > 0)
                await CommitAsync(batches);
            foreach (var flush in flushes)
                flush.Done.TrySetResult();
            batches.Clear();
            flushes.Clear();
        }
    }

    private int Take(ChannelReader<object> reader, List<HistoryBatch> batches, List<FlushRequest> flushes, int records)
    {
        // A flush request ends the batch so the caller is answered without lingering.
        while (records < _options.BatchSize && flushes.Count == 0 && reader.TryRead(out var item))
        {
            if (item is HistoryBatch batch)
            {
                batches.Add(batch);
                records += batch.Count;
            }
            else
            {
                flushes.Add((FlushRequest)item);
            }
        }
        return records;
    }

    private async Task CommitAsync(List<HistoryBatch> batches)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.WriteAsync(batches, CancellationToken.None);
                Interlocked.Add(ref _samples, batches.Sum(b => b.Samples.Count));
                Interlocked.Add(ref _decisions, batches.Sum(b => b.Decisions.Count));
                Interlocked.Add(ref _actions, batches.Sum(b => b.Actions.Count));
                Interlocked.Increment(ref _transactions);
                _lastCommitAt = _time.GetUtcNow();
                Notify(new HistoryCommit(batches.ToArray(), _lastCommitAt.Value));
                return;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failedTransactions);
                _lastError = ex.Message;
                if (attempt >= RetryDelays.Length)
                {
                    var count = batches.Sum(b => b.Count);
                    Interlocked.Add(ref _droppedBatches, batches.Count);
                    Interlocked.Add(ref _droppedRecords, count);
                    _logger.LogError(ex, "History write failed {Attempts} times; dropped {Records} records", attempt + 1, count);
                    return;
                }
                _logger.LogWarning(ex, "History write failed (attempt {Attempt}); retrying in {Delay}", attempt + 1, RetryDelays[attempt]);
                await Task.Delay(RetryDelays[attempt], _time);
            }
        }
    }

    private void Notify(HistoryCommit commit)
    {
        try { Committed?.Invoke(commit); }
        catch (Exception ex) { _logger.LogWarning(ex, "A history commit listener failed"); }
    }

    private sealed class FlushRequest
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>One committed transaction: the batches it held and when it was committed.</summary>
public sealed record HistoryCommit(IReadOnlyList<HistoryBatch> Batches, DateTimeOffset At);

/// <summary>The writer's counters since start.</summary>
public sealed record HistoryWriterStats(
    long SamplesWritten,
    long DecisionsWritten,
    long ActionsWritten,
    long Transactions,
    long DroppedBatches,
    long DroppedRecords,
    long FailedTransactions,
    int Queued,
    DateTimeOffset? LastCommitAt,
    string? LastError);
