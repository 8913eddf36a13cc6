using System.Threading.Channels;
using FeedPublisher.Scheduling;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

/// <summary>
/// Watches the inbox: file-system events for speed (<see cref="InboxChanges"/>) plus a periodic full listing, because
/// events can be dropped under bursts. A file is handed on once it has settled (or at once when it was renamed into
/// place); after a batch that changed something the feeds are asked to regenerate.
/// </summary>
public sealed class InboxWatcher(
    InboxFolders folders,
    ArticleIngestor ingestor,
    FeedRegenerationRequests regeneration,
    InboxStatus status,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    // Small batches keep the memory of a burst low: with up to three in memory (parsing, waiting, storing), a
    // 10,000-file burst peaked near 210 MB at 50 files a batch against 250-270 MB at 75 or 100 (tests/bench).
    private const int MaxBatchFiles = 50;
    private static readonly TimeSpan WarmUpDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BurstRegenerationInterval = TimeSpan.FromSeconds(2);
    private const long MaxBatchBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan PollWhilePending = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly InboxCandidates _candidates = new();
    private readonly SemaphoreSlim _wakeUp = new(0);
    private IDisposable? _watcher;
    private volatile bool _rescanRequested = true;
    private bool _reportedMissingInbox;
    private bool _firstScan = true;
    private DateTimeOffset _lastRegenerationRequest = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        folders.EnsureExist();
        _ = Task.Run(async () =>
        {
            // After start-up has settled: the runtime counts calls (and so recompiles hot code) only once new code
            // has stopped appearing for a moment.
            await Task.Delay(WarmUpDelay, stoppingToken);
            await ingestor.WarmUpAsync(stoppingToken);
        }, stoppingToken);
        logger.LogInformation("Watching {Inbox} for articles (processed: {Processed}, failed: {Failed})",
            folders.Inbox, folders.Processed, folders.Failed);
        var nextRescan = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_rescanRequested || time.GetUtcNow() >= nextRescan)
                {
                    _rescanRequested = false;
                    Rescan();
                    status.LastError = null;
                    nextRescan = time.GetUtcNow() + options.Value.RescanInterval;
                }
                await IngestReadyFilesAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (status.LastError is null)
                    logger.LogWarning("Inbox {Inbox} is not readable right now: {Reason}; retrying", folders.Inbox, ex.Message);
                status.LastError = $"inbox not readable: {ex.Message}";
                nextRescan = time.GetUtcNow() + options.Value.RescanInterval;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug must not stop the service: log it once per streak, wait, and try again.
                if (status.LastError is null)
                    logger.LogError(ex, "Inbox processing failed unexpectedly; retrying");
                status.LastError = $"inbox processing failed: {ex.Message}";
                nextRescan = time.GetUtcNow() + options.Value.RescanInterval;
            }

            status.Backlog = _candidates.Count;
            var wait = _candidates.Count == 0 ? nextRescan - time.GetUtcNow() : PollWhilePending;
            try
            {
                await _wakeUp.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Rescan()
    {
        if (!Directory.Exists(folders.Inbox))
        {
            if (!_reportedMissingInbox)
                logger.LogWarning("Inbox {Inbox} is missing; creating it again", folders.Inbox);
            _reportedMissingInbox = true;
            folders.EnsureExist();
            RestartWatcher();
        }
        else
        {
            _reportedMissingInbox = false;
        }
        if (_watcher is null)
            RestartWatcher();
        // Taken before the listing, so a file the watcher adds while the folder is being listed is not dropped below.
        var knownBefore = _candidates.Paths();
        var missedByWatcher = 0;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folders.Inbox))
        {
            if (!InboxFolders.IsArticleFileName(Path.GetFileName(path)))
                continue;
            listed.Add(path);
            if (_candidates.TryAdd(path, new InboxCandidate { UnchangedSince = time.GetUtcNow() }))
                missedByWatcher++;
        }
        // Files the watcher did not report mean it lost events or watches a folder that was replaced: renew it.
        if (missedByWatcher > 0 && !_firstScan)
        {
            logger.LogDebug("Listing found {Count} file(s) the watcher missed; renewing the watcher", missedByWatcher);
            RestartWatcher();
        }
        _firstScan = false;
        // A candidate the listing no longer shows has gone: the listing answers that, not a stat per candidate.
        foreach (var path in knownBefore)
        {
            if (!listed.Contains(path))
                _candidates.Remove(path);
        }
    }

    private async Task IngestReadyFilesAsync(CancellationToken stoppingToken)
    {
        // Two stages: batches are read and parsed (in parallel, on every core) up to one batch ahead of the single
        // writer that stores them, so a burst keeps both the CPUs and the database busy. At most three small batches
        // are in memory at once: one being parsed, one waiting, one being stored.
        var parsed = Channel.CreateBounded<ArticleIngestor.ParsedBatch>(
            new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stopParsing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var parsing = Task.Run(() => ParseReadyBatchesAsync(parsed.Writer, stopParsing.Token), CancellationToken.None);
        var changedSinceRequest = false;
        try
        {
            await foreach (var batch in parsed.Reader.ReadAllAsync(stoppingToken))
            {
                var outcomes = await ingestor.StoreAsync(batch, stoppingToken);
                changedSinceRequest |= Settle(outcomes);
                status.Backlog = _candidates.Count;
                // During a burst, refresh the feeds every couple of seconds rather than after every batch.
                if (changedSinceRequest && time.GetUtcNow() - _lastRegenerationRequest >= BurstRegenerationInterval)
                {
                    await RequestRegenerationAsync(stoppingToken);
                    changedSinceRequest = false;
                }
            }
        }
        finally
        {
            // Stopping, or a failure: batches parsed but not stored stay in the inbox and are taken again later.
            await stopParsing.CancelAsync();
            await parsing;
            _candidates.ReleaseAll();
        }
        // Nothing more is ready: whatever changed goes out now, so a single article never waits.
        if (changedSinceRequest)
            await RequestRegenerationAsync(stoppingToken);
    }

    /// <summary>Takes and parses batches until nothing is ready; a failure is handed to the reader, to be handled there.</summary>
    private async Task ParseReadyBatchesAsync(ChannelWriter<ArticleIngestor.ParsedBatch> writer, CancellationToken cancellationToken)
    {
        try
        {
            while (TakeReady() is { Count: > 0 } ready)
                await writer.WriteAsync(ingestor.Parse(ready, cancellationToken), cancellationToken);
            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
        }
    }

    /// <summary>Forgets what is done, schedules a retry with back-off for the rest. True when an article changed.</summary>
    private bool Settle(IReadOnlyList<ArticleIngestor.Outcome> outcomes)
    {
        var changed = false;
        foreach (var outcome in outcomes)
        {
            if (outcome.Result == IngestResult.Retry)
            {
                _candidates.Retry(outcome.Path, attempts =>
                    time.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, attempts))));
            }
            else
            {
                _candidates.Remove(outcome.Path);
            }
            changed |= outcome.Stored is Storage.UpsertOutcome.Inserted or Storage.UpsertOutcome.Updated;
        }
        return changed;
    }

    private async Task RequestRegenerationAsync(CancellationToken stoppingToken)
    {
        _lastRegenerationRequest = time.GetUtcNow();
        await regeneration.RequestAsync(stoppingToken);
    }

    private List<string> TakeReady()
    {
        var now = time.GetUtcNow();
        var settle = options.Value.SettleTime;
        var ready = new List<string>();
        long batchBytes = 0;
        foreach (var (path, candidate) in _candidates.First(MaxBatchFiles, c => !c.InFlight && c.NotBefore <= now))
        {
            // Bounded batches keep memory bounded, whatever lands in the inbox at once.
            if (batchBytes >= MaxBatchBytes)
                break;
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                _candidates.Remove(path);
                continue;
            }
            if (candidate.RenamedIntoPlace)
            {
                Take(path, candidate, info.Length);
                continue;
            }
            if (info.Length != candidate.Size || info.LastWriteTimeUtc != candidate.LastWriteUtc)
            {
                candidate.Size = info.Length;
                candidate.LastWriteUtc = info.LastWriteTimeUtc;
                candidate.UnchangedSince = now;
            }
            // Settled: we saw the same size and mtime for the settle time. The mtime's age alone proves nothing:
            // cp -p and File.Copy give a file still being written its source's old mtime.
            if (now - candidate.UnchangedSince >= settle)
                Take(path, candidate, info.Length);
        }
        return ready;

        void Take(string path, InboxCandidate candidate, long length)
        {
            candidate.InFlight = true;
            ready.Add(path);
            batchBytes += length;
        }
    }

    private void RestartWatcher()
    {
        _watcher?.Dispose();
        _watcher = null;
        status.Watching = false;
        try
        {
            _watcher = InboxChanges.Watch(folders.Inbox, Touch, reason =>
            {
                logger.LogDebug("Inbox watcher lost track ({Reason}); listing the folder again", reason);
                _rescanRequested = true;
                WakeUp();
            });
            status.Watching = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not watch {Inbox} ({Reason}); relying on periodic listing", folders.Inbox, ex.Message);
        }
    }

    private void Touch(string path, bool renamed)
    {
        if (!InboxFolders.IsArticleFileName(Path.GetFileName(path)))
            return;
        var candidate = _candidates.GetOrAdd(path, () => new InboxCandidate { UnchangedSince = time.GetUtcNow() });
        // A write after the move means someone is still at it: settle like any other written file.
        candidate.RenamedIntoPlace = renamed;
        WakeUp();
    }

    /// <summary>One pending wake-up is enough however many events arrive: the loop looks at every candidate.</summary>
    private void WakeUp()
    {
        if (_wakeUp.CurrentCount == 0)
            _wakeUp.Release();
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _wakeUp.Dispose();
        base.Dispose();
    }
}
