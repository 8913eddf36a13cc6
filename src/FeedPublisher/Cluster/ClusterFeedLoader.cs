using Dapper;
using FeedPublisher.Feeds;
using FeedPublisher.Web;
using Npgsql;

namespace FeedPublisher.Cluster;

/// <summary>
/// Serves, on this instance, exactly the feeds the cluster stored: all of them at start-up, then each new generation
/// as its NOTIFY arrives (LISTEN on a connection of its own), with a look at the newest generation every few seconds
/// in case a notification was missed, and a full reload after every reconnect. While the database is away the last
/// feeds stay served. Bytes, ETag, Last-Modified and Cache-Control are the stored ones: no instance computes its own.
/// </summary>
public sealed class ClusterFeedLoader(
    NpgsqlDataSource dataSource, ServedFeeds served, ServedBodyStore bodies, FeedOutputFolder folder, FeedSetWriter writer,
    ScopeCatalogue catalogue, WebSub.HubNotifier hubs, ILogger<ClusterFeedLoader> logger) : BackgroundService, IHostedLifecycleService
{
    public static readonly TimeSpan FallbackInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _ownGenerations = new();
    private long _loaded;

    /// <summary>The generation this instance serves.</summary>
    public long LoadedGeneration => Interlocked.Read(ref _loaded);

    private volatile bool _listening;

    /// <summary>True while notifications of new generations arrive (LISTEN is in place).</summary>
    public bool Listening => _listening;

    /// <summary>A generation this instance's own regeneration made: its feeds are what this instance's writer already knows.</summary>
    public void Produced(long generation) => _ownGenerations[generation] = true;

    /// <summary>A generation this instance made but could not commit.</summary>
    public void NotProduced(long generation) => _ownGenerations.TryRemove(generation, out _);

    // After the migrations and before Kestrel: the first request is answered with the cluster's feeds.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Bodies on this instance's disk are this loader's to remove, once nothing serves them.
        writer.KeepBodiesOfOthers = true;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ApplyAsync(connection, full: true, cancellationToken);
        bodies.RemoveAllBut(served.All.Values.Where(f => f.File.Stored is not null).Select(f => f.File.Tag).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Brings this instance up to the stored generation now (a regeneration starts from what is served).</summary>
    public async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await ApplyAsync(connection, full: false, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await listener.ExecuteAsync($"LISTEN {ServedFeedRows.Channel}");
                await using (var connection = await dataSource.OpenConnectionAsync(stoppingToken))
                    await ApplyAsync(connection, full: failures > 0, stoppingToken);
                _listening = true;
                if (failures > 0)
                    logger.LogInformation("Feeds from the database are served again, at generation {Generation}, after {Failures} failed attempt(s)",
                        LoadedGeneration, failures);
                failures = 0;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A notification, or the fallback look when none came.
                    await listener.WaitAsync(FallbackInterval, stoppingToken);
                    await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                    await ApplyAsync(connection, full: false, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A database away, a disk that refuses a body: the last feeds stay served and this loop tries again.
                _listening = false;
                if (++failures == 1)
                    logger.LogWarning("Lost the database's feed notifications ({Reason}); the last feeds stay served until it is back", ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, failures)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, bool full, CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            var (current, _, _) = await ServedFeedRows.CurrentAsync(connection);
            if (!full && current <= LoadedGeneration)
                return;
            var since = full ? 0 : LoadedGeneration;
            var feeds = new List<FeedFile>();
            var removed = new List<string>();
            var adopted = new List<(string, string?)>();
            var ownPaths = new HashSet<string>(StringComparer.Ordinal);
            var newest = since;
            await foreach (var row in ServedFeedRows.SinceAsync(connection, since, cancellationToken))
            {
                newest = Math.Max(newest, row.Generation);
                // A full reload is the whole served set, this instance's own feeds too.
                if (full || !_ownGenerations.ContainsKey(row.Generation))
                    adopted.Add((row.UrlPath, row.Gone ? null : row.Tag));
                if (_ownGenerations.ContainsKey(row.Generation))
                    ownPaths.Add(row.UrlPath);
                if (row.Gone)
                    removed.Add(row.UrlPath);
                else
                    feeds.Add(await PlaceAsync(row, cancellationToken));
            }
            var before = served.All.Values.Where(f => f.File.Stored is not null).Select(f => f.File.Tag).ToHashSet(StringComparer.Ordinal);
            var changed = served.Swap(feeds, removed, replaceAll: full);
            // Each change is announced once, by the instance whose regeneration made it, once it serves it.
            hubs.Announce(changed.Where(ownPaths.Contains));
            writer.Adopt(adopted, replaceAll: full);
            RemoveSupersededBodies(before, feeds, removed);
            // Not served any more: nor left on this disk for static hosting.
            PublicFeedCopy.Remove(removed.Select(path => Path.Combine(folder.FullPath, FeedUrls.DiskPathOf(path))));
            await RefreshCatalogueAsync(connection, cancellationToken);
            Interlocked.Exchange(ref _loaded, Math.Max(newest, current));
            foreach (var generation in _ownGenerations.Keys.Where(g => g <= newest))
                _ownGenerations.TryRemove(generation, out _);
            if (feeds.Count + removed.Count > 0)
                logger.LogInformation("Serving feed generation {Generation}: {Changed} feed(s) changed, {Removed} taken away", LoadedGeneration, feeds.Count, removed.Count);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// The pages' catalogue (which tags and authors have pages, how many archive pages there are) follows the feeds
    /// served here, whichever instance regenerated them: the names the change log says changed since the last look.
    /// </summary>
    private async Task RefreshCatalogueAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (_, _, scopesThrough) = await ServedFeedRows.CurrentAsync(connection);
        var changes = catalogue.IsLoaded ? await ChangeLogRange.TouchedAsync(connection, _catalogueThrough, scopesThrough) : FeedChanges.All;
        var archivePages = served.All.Keys.Select(ArchivePageOf).DefaultIfEmpty(0).Max();
        catalogue.Publish(await catalogue.UpdatedAsync(changes, cancellationToken), archivePages);
        _catalogueThrough = scopesThrough;
    }

    private long _catalogueThrough;

    /// <summary>The page number of an archive page's feed path (<c>/feeds/archive/12/atom.xml</c>), or 0.</summary>
    private static int ArchivePageOf(string urlPath)
    {
        const string prefix = Site.SiteUrls.FeedsPrefix + "archive/";
        if (!urlPath.StartsWith(prefix, StringComparison.Ordinal))
            return 0;
        var rest = urlPath.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 && int.TryParse(rest[..slash], out var page) ? page : 0;
    }

    /// <summary>A stored feed as this instance serves it: the site's from memory, any other from its body on this disk.</summary>
    private async Task<FeedFile> PlaceAsync(ServedFeedRow row, CancellationToken cancellationToken)
    {
        var file = new FeedFile(row.UrlPath, row.ContentType, row.Tag, row.InMemory ? row.Body : null, row.LastModified) { CacheControl = row.CacheControl };
        var publicPath = folder.PathOf(FeedUrls.DiskPathOf(row.UrlPath));
        if (row.InMemory)
        {
            // The public file, for static hosting; what is served is the stored bytes in memory.
            await AtomicFileWriter.WriteIfChangedAsync(publicPath, row.Body, cancellationToken, flushToDisk: false);
            return file;
        }
        var stored = await bodies.StoreAsync(row.Tag, row.Body, flushToDisk: false, cancellationToken);
        await PublicFeedCopy.PlaceAsync(publicPath, stored.IdentityPath, row.Body, flushToDisk: false, cancellationToken);
        return file with { Stored = stored };
    }

    private void RemoveSupersededBodies(HashSet<string> before, List<FeedFile> feeds, List<string> removed)
    {
        if (feeds.Count == 0 && removed.Count == 0)
            return;
        var kept = served.All.Values.Where(f => f.File.Stored is not null).Select(f => f.File.Tag).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in before.Where(tag => !kept.Contains(tag)))
            bodies.Remove(tag);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
