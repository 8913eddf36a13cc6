using FeedPublisher.Feeds;
using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>
/// Coalesces "the feeds are stale" requests: however many ingests ask while a run is pending, one run follows, and it
/// gets everything they asked for.
/// </summary>
public sealed class FeedRegenerationRequests(ISchedulerFactory schedulers, ILogger<FeedRegenerationRequests> logger)
{
    private readonly Lock _lock = new();
    private FeedChanges _pending = FeedChanges.None;
    private bool _triggered;

    public async Task RequestAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _pending = _pending.Merge(changes);
            if (_triggered)
                return;
            _triggered = true;
        }
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(RegenerateFeedsJob.Key, cancellationToken);
        }
        catch (SchedulerException ex)
        {
            lock (_lock)
                _triggered = false;
            logger.LogWarning(ex, "Could not trigger feed regeneration; the schedule will catch up");
        }
    }

    /// <summary>What was asked for since the last run; a request that lands after this asks for one more run.</summary>
    internal FeedChanges TakePending()
    {
        lock (_lock)
        {
            var taken = _pending;
            _pending = FeedChanges.None;
            _triggered = false;
            return taken;
        }
    }

    /// <summary>A run that failed hands back what it took, for the retry.</summary>
    internal void PutBack(FeedChanges changes)
    {
        lock (_lock)
            _pending = changes.Merge(_pending);
    }
}
