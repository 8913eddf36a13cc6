using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>
/// Articles dated in the future are held (an embargo) and published when their time comes, by one Quartz trigger set
/// to the earliest held article's date. Every regeneration sets it again from the database, so an article stored by
/// the inbox or a command, moved to another time or published meanwhile, and a restart, all leave exactly one trigger
/// at the right moment; one whose time passed while the service was down fires at start-up.
/// </summary>
public sealed class ScheduledPublishing(ISchedulerFactory schedulers, IArticleStore store)
{
    public static readonly JobKey Job = new("publish-held-articles", "articles");
    public static readonly TriggerKey Trigger = new("next-embargo", "articles");

    public async Task RescheduleAsync(CancellationToken cancellationToken)
    {
        var next = await store.GetNextEmbargoAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var current = await scheduler.GetTrigger(Trigger, cancellationToken);
        if (next is not { } due)
        {
            if (current is not null)
                await scheduler.UnscheduleJob(Trigger, cancellationToken);
            return;
        }
        if (current?.StartTimeUtc == due)
            return;
        var trigger = TriggerBuilder.Create().ForJob(Job).WithIdentity(Trigger).StartAt(due).Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }
}

/// <summary>Publishes the held articles whose time has come, asks for their feeds, and sets the trigger for the next.</summary>
[DisallowConcurrentExecution]
public sealed class PublishHeldArticlesJob(
    IArticleStore store, FeedRegenerationRequests regeneration, ScheduledPublishing publishing, TimeProvider time,
    ILogger<PublishHeldArticlesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var published = await store.PublishDueAsync(time.GetUtcNow(), cancellationToken);
        if (published.Count > 0)
        {
            logger.LogInformation("Published {Count} article(s) whose embargo ended", published.Count);
            await regeneration.RequestAsync(new FeedChanges(published.TouchedTags, published.TouchedAuthors) { Positions = published.TouchedPositions },
                cancellationToken);
        }
        await publishing.RescheduleAsync(cancellationToken);
    }
}
