using System.Runtime.CompilerServices;
using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>Regenerates the feeds; on the cron schedule and whenever an ingest asks. Never runs twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class RegenerateFeedsJob(
    FeedRegenerator regenerator, FeedRegenerationRequests requests, ScheduledPublishing publishing, TimeProvider time,
    IOptions<StorageOptions> storage, IServiceProvider services) : IJob
{
    public static readonly JobKey Key = new("regenerate-feeds", "feeds");
    private static readonly TriggerKey RetryTrigger = new("retry-after-failure", "feeds");
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most tag and author feed sets one run rebuilds; the rest go to the next run, which follows at once. After a
    /// burst hundreds wait, and rebuilding them all in one run held the next article's site feed up for seconds (4 s
    /// for 180 on the 10,000-article store); each run takes the site's changes first. With several instances the share is
    /// cut from the change log, oldest first (<see cref="Cluster.ChangeLogRange.ScopesUpToAsync"/>).
    /// </summary>
    public const int MaxScopesPerRun = 16;

    /// <summary>Another instance was regenerating: this run's changes may have come after it began.</summary>
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromSeconds(2);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (Cluster.ClusterExtensions.IsClustered(storage.Value))
        {
            await RunInClusterAsync(context, cancellationToken);
            return;
        }
        // Take the requests first: an ingest that lands while we run asks again and gets one more run.
        var (changes, later) = requests.TakePending().SplitScopes(MaxScopesPerRun);
        if (later is not null)
            requests.PutBack(later);
        if (await regenerator.RegenerateAsync(changes, cancellationToken) >= 0)
        {
            if (later is not null)
                await requests.RequestAsync(FeedChanges.None, cancellationToken);
            // What was stored since may hold an article until its date: its trigger follows the database.
            await publishing.RescheduleAsync(cancellationToken);
            return;
        }
        requests.PutBack(changes);

        // The regenerator logged the failure and keeps serving the last good feeds; retry sooner than the schedule,
        // backing off while the fault lasts (a full disk, an unwritable folder, a locked database).
        await RetryAsync(context, RetryDelay(regenerator.ConsecutiveFailures), cancellationToken);
    }

    /// <remarks>Its own method: compiling it loads Npgsql, which one machine on SQLite then never does.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task RunInClusterAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var cluster = services.GetRequiredService<Cluster.ClusterRegeneration>();
        // Only a mid-burst request leaves the tags and authors for later; the schedule, start-up and retries take all.
        var withScopes = !Equals(context.Trigger.Key, FeedRegenerationRequests.RequestedTrigger);
        var run = await cluster.RunAsync(withScopes, cancellationToken);
        switch (run.Outcome)
        {
            case Cluster.ClusterRegeneration.Outcome.Done:
                if (run.ScopesLeft)
                    await requests.RequestScopesInClusterAsync(cancellationToken);
                await publishing.RescheduleAsync(cancellationToken);
                return;
            case Cluster.ClusterRegeneration.Outcome.Busy:
                await RetryAsync(context, BusyRetryDelay, cancellationToken);
                return;
            default:
                await RetryAsync(context, RetryDelay(regenerator.ConsecutiveFailures), cancellationToken);
                return;
        }
    }

    private async Task RetryAsync(IJobExecutionContext context, TimeSpan retryIn, CancellationToken cancellationToken)
    {
        // A run cut short by the service stopping is not retried: the next start regenerates everything.
        if (cancellationToken.IsCancellationRequested || context.Scheduler.Status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)
            return;
        var retry = TriggerBuilder.Create()
            .ForJob(Key)
            .WithIdentity(RetryTrigger)
            .StartAt(time.GetUtcNow() + retryIn)
            .Build();
        try
        {
            // One retry trigger at a time: an earlier pending retry is kept.
            await context.Scheduler.ScheduleTrigger(retry, TriggerConflict.KeepEarlier, cancellationToken);
        }
        catch (SchedulerException) when (context.Scheduler.Status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)
        {
            // Stopping while this run failed: nothing to retry in.
        }
    }

    public static TimeSpan RetryDelay(int consecutiveFailures) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Clamp(consecutiveFailures - 1, 0, 10))));
}
