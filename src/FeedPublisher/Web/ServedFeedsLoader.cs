using FeedPublisher.Feeds;

namespace FeedPublisher.Web;

/// <summary>
/// Serves the feeds already on disk from the first request, before the start-up regeneration has run.
/// Their Last-Modified is the file's modification time: files are only rewritten when their bytes change.
/// </summary>
internal sealed class ServedFeedsLoader(ServedFeeds served, IEnumerable<IFeedFormat> formats, FeedOutputFolder folder, ILogger<ServedFeedsLoader> logger)
    : IHostedLifecycleService
{
    // Before any service starts, so the scheduler's first regeneration always comes after (and wins).
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var format in formats)
        {
            var path = Path.Combine(folder.FullPath, format.FileName);
            try
            {
                if (!File.Exists(path))
                    continue;
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                served.PublishIfAbsent(new FeedFile(format.FileName, format.ContentType, bytes, File.GetLastWriteTimeUtc(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not load {Feed} from disk ({Reason}); it is served once regenerated", path, ex.Message);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
