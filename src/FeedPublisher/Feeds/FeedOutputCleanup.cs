namespace FeedPublisher.Feeds;

/// <summary>At start-up, clears what a killed process may have left in the feeds folder.</summary>
internal sealed class FeedOutputCleanup(FeedOutputFolder folder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        folder.RemoveAbandonedTempFiles();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
