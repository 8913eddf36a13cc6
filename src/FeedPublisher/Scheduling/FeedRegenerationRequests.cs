using FeedPublisher.Feeds;
using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>
/// Coalesces "the feeds are stale" requests: however many ingests ask while a run is pending, one run follows, and it
/// gets everything they asked for. With several instances the change log is what was asked for, and a request is one
/// one-shot trigger under a fixed key in the clustered scheduler, kept when it is already there: the run may happen on
/// any instance, and a flag in this one would stay set when it does.
/// </summary>
public sealed class FeedRegenerationRequests(
    ISchedulerFactory schedulers, Microsoft.Extensions.Options.IOptions<Storage.StorageOptions> storage, ILogger<FeedRegenerationRequests> logger)
{
    /// <summary>A regeneration of the site's feeds and archive pages; the tags' and authors' wait (mid-burst).</summary>
    public static readonly TriggerKey RequestedTrigger = new("requested", "feeds");

    /// <summary>A regeneration of everything the change log says changed, tags and authors too.</summary>
    public static readonly TriggerKey RequestedWithScopesTrigger = new("requested-with-scopes", "feeds");
    private readonly bool _clustered = storage.Value.UsesPostgres;

    private readonly Lock _lock = new();
    private FeedChanges _pending = FeedChanges.None;
    private bool _triggered;

    public async Task RequestAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        if (_clustered)
        {
            await RequestInClusterAsync(changes.Everything || changes.Tags.Count > 0 || changes.Authors.Count > 0, cancellationToken);
            return;
        }
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

    /// <summary>With several instances: one more run for the tags and authors a run left (see <see cref="RegenerateFeedsJob.MaxScopesPerRun"/>).</summary>
    internal Task RequestScopesInClusterAsync(CancellationToken cancellationToken) => RequestInClusterAsync(withScopes: true, cancellationToken);

    private async Task RequestInClusterAsync(bool withScopes, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var trigger = TriggerBuilder.Create().ForJob(RegenerateFeedsJob.Key)
                .WithIdentity(withScopes ? RequestedWithScopesTrigger : RequestedTrigger).StartNow().Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        }
        catch (SchedulerException ex)
        {
            logger.LogWarning(ex, "Could not ask the cluster for a feed regeneration; the schedule will catch up");
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
