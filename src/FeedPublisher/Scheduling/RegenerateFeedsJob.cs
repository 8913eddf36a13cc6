using FeedPublisher.Feeds;
using Quartz;

namespace FeedPublisher.Scheduling;

/// <summary>Regenerates the feeds; on the cron schedule and whenever an ingest asks. Never runs twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class RegenerateFeedsJob(FeedRegenerator regenerator, FeedRegenerationRequests requests) : IJob
{
    public static readonly JobKey Key = new("regenerate-feeds", "feeds");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Clear the request flag first: an ingest that lands while we run asks again and gets one more run.
        requests.MarkStarted();
        // Failures are logged and kept for /healthz by the regenerator; the schedule and the next ingest retry.
        await regenerator.RegenerateAsync(cancellationToken);
    }
}
