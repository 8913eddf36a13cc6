using FeedPublisher.Feeds;

namespace FeedPublisher.Web;

/// <summary>
/// Serves the feeds already on disk from the first request, before the start-up regeneration has run: the site's
/// from their files, a tag's or author's where their stored bodies are there too. Their Last-Modified is the file's
/// modification time: files are only rewritten when their bytes change.
/// </summary>
internal sealed class ServedFeedsLoader(
    ServedFeeds served, IEnumerable<IFeedFormat> formats, FeedOutputFolder folder, ServedBodyStore bodies, ILogger<ServedFeedsLoader> logger)
    : IHostedLifecycleService
{
    // Before any service starts, so the scheduler's first regeneration always comes after (and wins).
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var found = new List<FeedFile>();
        foreach (var format in formats)
        {
            if (await LoadAsync(FeedUrls.DiskPath(FeedScope.Site, format.FileName), FeedUrls.UrlPath(FeedScope.Site, format.FileName), format, inMemory: true, cancellationToken) is { } site)
                found.Add(site);
            foreach (var (kind, folderName) in new[] { (FeedScopeKind.Tag, "tags"), (FeedScopeKind.Author, "authors"), (FeedScopeKind.Archive, "archive") })
            {
                var kindFolder = Path.Combine(folder.FullPath, folderName);
                if (!Directory.Exists(kindFolder) || (kind == FeedScopeKind.Archive && !format.CarriesArchives))
                    continue;
                foreach (var scopeFolder in Directory.EnumerateDirectories(kindFolder))
                {
                    var name = Path.GetFileName(scopeFolder);
                    FeedScope scope;
                    if (kind != FeedScopeKind.Archive)
                        scope = new FeedScope(kind, Slug: name);
                    else if (int.TryParse(name, out var page) && page > 0)
                        scope = FeedScope.Archive(page);
                    else
                        continue;
                    if (await LoadAsync(FeedUrls.DiskPath(scope, format.FileName), FeedUrls.UrlPath(scope, format.FileName), format, inMemory: false, cancellationToken) is { } scoped)
                        found.Add(kind == FeedScopeKind.Archive && (scope.Page > 1 || Directory.Exists(Path.Combine(kindFolder, "2")))
                            ? scoped with { CacheControl = FeedFile.CachedForGood }
                            : scoped);
                }
            }
        }
        served.PublishIfAbsent(found);
    }

    private async Task<FeedFile?> LoadAsync(string diskPath, string urlPath, IFeedFormat format, bool inMemory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.FullPath, diskPath);
        try
        {
            if (!File.Exists(path))
                return null;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var tag = FeedBodies.TagOf(bytes);
            var lastModified = File.GetLastWriteTimeUtc(path);
            if (inMemory)
                return new FeedFile(urlPath, format.ContentType, tag, bytes, lastModified);
            return bodies.Find(tag, bytes.Length) is { } stored ? new FeedFile(urlPath, format.ContentType, tag, null, lastModified) { Stored = stored } : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not load {Feed} from disk ({Reason}); it is served once regenerated", path, ex.Message);
            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
