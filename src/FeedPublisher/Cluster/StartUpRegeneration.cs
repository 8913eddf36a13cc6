namespace FeedPublisher.Cluster;

/// <summary>
/// Each instance's first regeneration, run by the instance itself rather than by whichever one the clustered schedule
/// picks: it rebuilds every feed (it cannot know what it would skip otherwise), and that is best done at start-up, not
/// in the middle of an inbox burst that the schedule happens to hand it. It stores only what differs from the
/// cluster's feeds, which after a plain restart is nothing.
/// </summary>
internal sealed class StartUpRegeneration(ClusterRegeneration regeneration, Feeds.FeedRegenerator regenerator, ILogger<StartUpRegeneration> logger)
    : BackgroundService
{
    private static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (outcome, _, scopesLeft) = await regeneration.RunAsync(withScopes: true, stoppingToken);
                if (outcome == ClusterRegeneration.Outcome.Done)
                {
                    if (!scopesLeft)
                        return;
                    continue;
                }
                var wait = outcome == ClusterRegeneration.Outcome.Busy
                    ? BusyDelay
                    : Scheduling.RegenerateFeedsJob.RetryDelay(regenerator.ConsecutiveFailures);
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Logged once per streak: the database being away is what /healthz says, not a line a second.
                if (++failures == 1)
                    logger.LogWarning("This instance's first regeneration could not run ({Reason}); retrying", ex.Message);
                await Task.Delay(Scheduling.RegenerateFeedsJob.RetryDelay(failures), stoppingToken);
            }
        }
    }
}
