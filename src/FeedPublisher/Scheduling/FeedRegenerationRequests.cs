using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>
/// Coalesces "the feeds are stale" requests: however many ingests ask while a run is pending, one run follows.
/// </summary>
public sealed class FeedRegenerationRequests(ISchedulerFactory schedulers, ILogger<FeedRegenerationRequests> logger)
{
    private int _pending;

    public async Task RequestAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
            return;
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(RegenerateFeedsJob.Key, cancellationToken);
        }
        catch (SchedulerException ex)
        {
            Interlocked.Exchange(ref _pending, 0);
            logger.LogWarning(ex, "Could not trigger feed regeneration; the schedule will catch up");
        }
    }

    internal void MarkStarted() => Interlocked.Exchange(ref _pending, 0);
}
