using FeedPublisher.Scheduling;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

/// <summary>
/// The inbox loop: file-system events for speed plus a periodic full listing (<see cref="InboxScanner"/>), because
/// events can be dropped under bursts; settled files go through the <see cref="IngestPipeline"/>, and the feeds are
/// asked to regenerate when something changed. This loop alone owns the candidates. Every wait is on the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class InboxWatcher : BackgroundService
{
    private static readonly TimeSpan WarmUpDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollWhilePending = TimeSpan.FromMilliseconds(50);

    private readonly InboxFolders _folders;
    private readonly ArticleIngestor _ingestor;
    private readonly InboxStatus _status;
    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InboxWatcher> _logger;
    private readonly InboxCandidates _candidates = new();
    private readonly InboxEvents _events;
    private readonly InboxScanner _scanner;
    private readonly IngestPipeline _pipeline;
    private readonly IInboxWatchTurns _turns;

    public InboxWatcher(
        InboxFolders folders,
        ArticleIngestor ingestor,
        FeedRegenerationRequests regeneration,
        InboxStatus status,
        IOptions<InboxOptions> options,
        TimeProvider time,
        ILogger<InboxWatcher> logger,
        IInboxWatchTurns? turns = null)
    {
        _turns = turns ?? new OwnInbox();
        _folders = folders;
        _ingestor = ingestor;
        _status = status;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _events = new InboxEvents(time);
        _scanner = new InboxScanner(folders, _events, status, time, logger);
        _pipeline = new IngestPipeline(ingestor, new FeedRefreshThrottle(regeneration.RequestAsync, time));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _folders.EnsureExist();
        _ = WarmUpSoonAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            IInboxTurn turn;
            try
            {
                turn = await _turns.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            await using (turn)
            {
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, turn.Lost);
                _logger.LogInformation("Watching {Inbox} for articles (processed: {Processed}, failed: {Failed})",
                    _folders.Inbox, _folders.Processed, _folders.Failed);
                _status.HasTurn = true;
                try
                {
                    await WatchAsync(watching.Token);
                }
                catch (OperationCanceledException) when (watching.IsCancellationRequested)
                {
                }
                finally
                {
                    _status.HasTurn = false;
                }
                // Standing by, this instance neither watches the folder nor keeps the events of the one that does.
                _scanner.StopWatching();
                _events.Drain((_, _) => { });
                if (!stoppingToken.IsCancellationRequested)
                {
                    // Another instance may take the inbox now: what this one had seen is forgotten, not half-done.
                    _logger.LogWarning("Lost the turn to watch the shared inbox (its database connection went away); taking a new one");
                    _candidates.Clear();
                }
            }
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var nextRescan = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_events.TakeLostReason() is { } reason)
                {
                    _logger.LogDebug("Inbox watcher lost track ({Reason}); listing the folder again", reason);
                    nextRescan = _time.GetUtcNow();
                }
                ApplyEvents();
                if (_time.GetUtcNow() >= nextRescan)
                {
                    _scanner.Rescan(_candidates, ApplyEvents);
                    _status.LastError = null;
                    nextRescan = _time.GetUtcNow() + _options.RescanInterval;
                }
                await _pipeline.RunAsync(TakeReady, Settle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (_status.LastError is null)
                    _logger.LogWarning("Inbox {Inbox} is not readable right now: {Reason}; retrying", _folders.Inbox, ex.Message);
                _status.LastError = $"inbox not readable: {ex.Message}";
                nextRescan = _time.GetUtcNow() + _options.RescanInterval;
            }
            catch (Exception ex)
            {
                // A bug must not stop the service: log it once per streak, wait, and try again.
                if (_status.LastError is null)
                    _logger.LogError(ex, "Inbox processing failed unexpectedly; retrying");
                _status.LastError = $"inbox processing failed: {ex.Message}";
                nextRescan = _time.GetUtcNow() + _options.RescanInterval;
            }
            finally
            {
                _candidates.ReleaseAll();
            }

            _status.Backlog = _candidates.Count;
            var wakeAt = _candidates.Count == 0 ? nextRescan : _time.GetUtcNow() + PollWhilePending;
            // A due time already past (a run that failed before the drain) must not make the loop spin.
            if (_pipeline.RefreshDueAt is { } due && due < wakeAt)
                wakeAt = due > _time.GetUtcNow() ? due : _time.GetUtcNow() + PollWhilePending;
            await _events.WaitAsync(wakeAt - _time.GetUtcNow(), stoppingToken);
        }
    }

    private List<string> TakeReady()
    {
        ApplyEvents();
        return ReadyFiles.Take(_candidates, _options.SettleTime, _time.GetUtcNow());
    }

    private void ApplyEvents() => _events.Drain((path, renamed) =>
    {
        if (!InboxFolders.IsArticleFileName(Path.GetFileName(path)))
            return;
        // A write after the move means someone is still at it: settle like any other written file.
        _candidates.GetOrAdd(path, _time.GetUtcNow()).RenamedIntoPlace = renamed;
    });

    /// <summary>Forgets what is done and schedules a retry with back-off for the rest. True when an article changed.</summary>
    private bool Settle(IReadOnlyList<ArticleIngestor.Outcome> outcomes)
    {
        var changed = false;
        var now = _time.GetUtcNow();
        foreach (var outcome in outcomes)
        {
            if (outcome.Result == IngestResult.Retry && _candidates.TryGet(outcome.Path, out var candidate))
                candidate.RetryLater(now);
            else
                _candidates.Remove(outcome.Path);
            changed |= outcome.Stored is Storage.UpsertOutcome.Inserted or Storage.UpsertOutcome.Updated;
        }
        _status.Backlog = _candidates.Count;
        return changed;
    }

    /// <summary>After start-up has settled: the runtime counts calls (and so recompiles hot code) only once new code has stopped appearing for a moment.</summary>
    private async Task WarmUpSoonAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(WarmUpDelay, _time, stoppingToken);
            await Task.Run(() => _ingestor.WarmUpAsync(stoppingToken), stoppingToken);
            // Start-up's garbage (migrations, the first regeneration, the warm-up) would otherwise stay committed until
            // the first collection, which an idle service may not need for hours: about 3 MB of its idle RSS.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the warm-up: nothing to do.
        }
    }

    public override void Dispose()
    {
        _scanner.Dispose();
        _events.Dispose();
        base.Dispose();
    }
}
