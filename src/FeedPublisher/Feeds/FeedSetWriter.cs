namespace FeedPublisher.Feeds;

/// <summary>
/// Builds the feeds a regeneration touches, writes the files whose bytes changed and hands the whole set to the sinks
/// in one swap. The site's feeds are rebuilt every time and served from memory; a tag's or author's feeds and the
/// archive pages only when their articles changed (or at start-up), and served from disk, so a site with a thousand
/// tags and a long history stays small in memory.
/// Owned by the regeneration job, which never runs twice at once.
/// </summary>
public sealed class FeedSetWriter(
    FeedDocumentBuilder builder,
    ScopeCatalogue catalogue,
    IEnumerable<IFeedFormat> formats,
    IEnumerable<IFeedSink> sinks,
    FeedOutputFolder folder,
    ServedBodyStore bodies,
    FeedUrls urls,
    Microsoft.Extensions.Options.IOptions<FeedsOptions> options)
{
    /// <summary>Up to this many files a regeneration flushes each as it writes it; beyond, all at once (syncfs).</summary>
    private const int FlushEachUpTo = 24;
    private readonly string _cacheControl = $"public, max-age={options.Value.MaxAgeSeconds}";
    private readonly int _pageSize = options.Value.PageSize;
    private readonly IFeedFormat[] _formats = [.. formats];

    /// <summary>What was last handed to the sinks for each disk-served feed: its path, and the tag of its bytes.</summary>
    private readonly Dictionary<string, string> _servedTags = new(StringComparer.Ordinal);

    /// <summary>The scopes whose feeds are served, by kind and name, with their slug (which names their URLs).</summary>
    private readonly Dictionary<(FeedScopeKind, string), FeedScope> _servedScopes = [];

    private bool _everythingDone;

    /// <summary>The site's feed model as last served.</summary>
    private FeedDocument? _servedSite;

    /// <summary>How many archive pages were complete at the last run.</summary>
    private int _completePages;

    public sealed record Result(int FilesWritten, int SiteEntries, int FeedsRebuilt);

    /// <summary>A run failed after writing bodies it never served: the next run that succeeds removes them.</summary>
    private bool _sweepBodies;

    /// <summary>
    /// Set by a command that regenerates beside a running server: stored bodies this process did not write may be the
    /// server's, so none is removed.
    /// </summary>
    public bool KeepBodiesOfOthers { get; set; }

    /// <summary>Feeds as another instance's regeneration left them (a null tag: taken away), applied before the next run.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string UrlPath, string? Tag)> _adopted = new();
    private volatile bool _forgetServed;

    /// <summary>
    /// Several instances on one database: what this instance now serves, from a regeneration that may have run
    /// elsewhere. This run's idea of what is served follows, so a feed is never skipped as unchanged against bytes the
    /// cluster no longer serves.
    /// </summary>
    /// <param name="replaceAll">These are every feed served (a full reload): forget any other.</param>
    public void Adopt(IEnumerable<(string UrlPath, string? Tag)> feeds, bool replaceAll = false)
    {
        _adoptsOthers = true;
        if (replaceAll)
            _adopted.Enqueue((ForgetAllMarker, null));
        foreach (var feed in feeds)
            _adopted.Enqueue(feed);
    }

    private const string ForgetAllMarker = "";
    private volatile bool _adoptsOthers;

    /// <summary>The next run rebuilds every feed (the first since start-up, or after <see cref="ForgetServed"/>).</summary>
    public bool NextRunRebuildsEverything => !_everythingDone || _forgetServed;

    /// <summary>What this instance thinks is served may be wrong (its regeneration was not stored): the next run rebuilds all.</summary>
    public void ForgetServed() => _forgetServed = true;

    private void ApplyAdopted()
    {
        if (_forgetServed)
        {
            _forgetServed = false;
            _everythingDone = false;
        }
        while (_adopted.TryDequeue(out var feed))
        {
            if (feed.UrlPath == ForgetAllMarker)
            {
                _servedTags.Clear();
                _servedSite = null;
                continue;
            }
            if (FeedUrls.DiskPathOf(feed.UrlPath).Contains('/'))
            {
                if (feed.Tag is null)
                    _servedTags.Remove(feed.UrlPath);
                else
                    _servedTags[feed.UrlPath] = feed.Tag;
            }
            else
                _servedSite = null; // the site's feeds are compared as a model: rendered again, then compared by bytes
        }
    }

    public async Task<Result> WriteAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        using var exclusive = await FeedOutputLock.AcquireAsync(folder.FullPath, cancellationToken);
        try
        {
            var result = await WriteEverythingAskedAsync(changes, cancellationToken);
            if (_sweepBodies && !KeepBodiesOfOthers)
            {
                bodies.RemoveAllBut(_servedTags.Values.ToHashSet(StringComparer.Ordinal));
                _sweepBodies = false;
            }
            return result;
        }
        catch
        {
            _sweepBodies = true;
            throw;
        }
    }

    private async Task<Result> WriteEverythingAskedAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        ApplyAdopted();
        // The first run after a start rebuilds everything: it does not know what an earlier process served.
        var everything = changes.Everything || !_everythingDone;
        var scopes = await catalogue.UpdatedAsync(everything ? FeedChanges.All : changes, cancellationToken);

        var published = new List<FeedFile>();
        var written = 0;
        var completePages = (int)(await builder.LastPositionAsync(cancellationToken) / _pageSize);
        var archivedThrough = (long)completePages * _pageSize;
        var site = await builder.BuildAsync(FeedScope.Site, archivedThrough, cancellationToken);
        // The same articles and links as last time render to the same bytes: nothing to render, compare or write.
        var siteUnchanged = !everything && completePages == _completePages && site.Equals(_servedSite);
        foreach (var format in siteUnchanged ? [] : _formats)
        {
            // The subscription document links the newest complete archive page, never one still filling.
            var document = format.CarriesArchives && completePages > 0
                ? site with { History = new FeedHistory(false, ArchiveUri(completePages, format), null, null) }
                : site;
            var bytes = format.Write(document, urls.FeedUri(FeedScope.Site, format.FileName));
            if (await AtomicFileWriter.WriteIfChangedAsync(folder.PathOf(FeedUrls.DiskPath(FeedScope.Site, format.FileName)), bytes, cancellationToken))
                written++;
            published.Add(new FeedFile(FeedUrls.UrlPath(FeedScope.Site, format.FileName), format.ContentType, FeedBodies.TagOf(bytes), bytes,
                site.Updated ?? DateTimeOffset.UnixEpoch) { CacheControl = _cacheControl });
        }

        var (rebuild, gone) = await ScopesToRebuildAsync(scopes, changes, everything, cancellationToken);
        var pages = ArchivePagesToRebuild(changes, everything, completePages);
        // The site's feeds and the archive pages (which link each other) go out first, in a swap of their own: readers of
        // the site do not wait for an article's authors and tags, nor, after a burst, for hundreds of them.
        var rebuilt = rebuild.Count + pages.Count;
        if (!everything && rebuild.Count > 0)
        {
            written += await WriteScopesAsync([.. pages.Select(FeedScope.Archive)], archivedThrough, completePages, published, everything,
                cancellationToken);
            PublishToSinks(published, [], everything);
            published = [];
            pages = [];
        }
        written += await WriteScopesAsync([.. rebuild, .. pages.Select(FeedScope.Archive)], archivedThrough, completePages, published, everything,
            cancellationToken);
        _completePages = completePages;
        _servedSite = site;
        var removed = gone.SelectMany(scope => _formats.Select(format => FeedUrls.UrlPath(scope, format.FileName))).ToArray();
        PublishToSinks(published, removed, everything);
        // A tag or author without published articles any more has no feeds: not served, and not left on disk either.
        PublicFeedCopy.Remove(gone.SelectMany(scope => _formats.Select(format => Path.Combine(folder.FullPath, FeedUrls.DiskPath(scope, format.FileName)))));
        if (everything)
            RemoveFoldersNotIn(rebuild, completePages);
        catalogue.Publish(scopes, completePages);
        foreach (var scope in rebuild)
            _servedScopes[(scope.Kind, scope.Name)] = scope;
        foreach (var scope in gone)
            _servedScopes.Remove((scope.Kind, scope.Name));
        _everythingDone = true;
        return new Result(written, site.Entries.Count, rebuilt);
    }

    /// <summary>
    /// Writes these scopes' feeds, each scope's query, render and files on every core at once. A handful of files are
    /// flushed one by one; many are flushed together, once, before any of them is served.
    /// </summary>
    private async Task<int> WriteScopesAsync(
        IReadOnlyList<FeedScope> scopes, long archivedThrough, int completePages, List<FeedFile> published, bool everything,
        CancellationToken cancellationToken)
    {
        var flushEach = scopes.Count * _formats.Length <= FlushEachUpTo;
        var results = new System.Collections.Concurrent.ConcurrentBag<(int Written, List<FeedFile> Files)>();
        await Parallel.ForEachAsync(scopes,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = 2 * Environment.ProcessorCount },
            async (scope, token) =>
            {
                var files = new List<FeedFile>();
                results.Add((await WriteScopeAsync(scope, archivedThrough, completePages, files, flushEach, everything, token), files));
            });
        var written = 0;
        foreach (var (scopeWritten, files) in results)
        {
            written += scopeWritten;
            published.AddRange(files);
        }
        if (!flushEach && results.Any(r => r.Files.Count > 0))
            FileSystemSync.Flush(folder.FullPath);
        return written;
    }

    /// <summary>Served only once every file is on disk, so disk and what is served agree.</summary>
    private void PublishToSinks(List<FeedFile> published, string[] removed, bool everything)
    {
        foreach (var sink in sinks)
            sink.Publish(published, removed, replaceAll: everything);
        ForgetAndRemoveOldBodies(published, removed, everything);
    }

    private async Task<int> WriteScopeAsync(
        FeedScope scope, long archivedThrough, int completePages, List<FeedFile> published, bool flushEach, bool everything,
        CancellationToken cancellationToken)
    {
        var written = 0;
        var isArchive = scope.Kind == FeedScopeKind.Archive;
        var document = await builder.BuildAsync(scope, archivedThrough, cancellationToken);
        foreach (var format in _formats)
        {
            if (isArchive && !format.CarriesArchives)
                continue;
            var urlPath = FeedUrls.UrlPath(scope, format.FileName);
            var page = scope.Page;
            var bytes = format.Write(
                isArchive
                    ? document with
                    {
                        History = new FeedHistory(true, page > 1 ? ArchiveUri(page - 1, format) : null,
                            NextArchive(page, completePages, format), urls.FeedUri(FeedScope.Site, format.FileName)),
                    }
                    : document,
                urls.FeedUri(scope, format.FileName));
            var tag = FeedBodies.TagOf(bytes);
            // Unchanged bytes: the served entry stays as it is, nothing is written or compressed. A full rebuild hands
            // every feed over, since it replaces the whole served set.
            if (!everything && _servedTags.TryGetValue(urlPath, out var servedTag) && servedTag == tag)
                continue;
            var stored = await bodies.StoreAsync(tag, bytes, flushEach, cancellationToken);
            if (await PublicFeedCopy.PlaceAsync(folder.PathOf(FeedUrls.DiskPath(scope, format.FileName)), stored.IdentityPath, bytes, flushEach,
                    cancellationToken))
                written++;
            published.Add(new FeedFile(urlPath, format.ContentType, tag, null, document.Updated ?? DateTimeOffset.UnixEpoch)
            {
                Stored = stored,
                // A complete archive page changes only when one of its articles does (RFC 5005 §4.1); page 1 also
                // once, when page 2 completes and becomes its next-archive.
                CacheControl = isArchive && (page > 1 || completePages > 1) ? FeedFile.CachedForGood : _cacheControl,
            });
        }
        return written;
    }

    /// <summary>
    /// At start-up: the feed folders of tags and authors that no longer have published articles, and of archive pages
    /// beyond the last complete one, left by an earlier run (the start-up loader would serve them until this run).
    /// </summary>
    private void RemoveFoldersNotIn(List<FeedScope> current, int completePages)
    {
        var kept = current.Select(scope => FeedUrls.DiskPath(scope, "")).ToHashSet(StringComparer.Ordinal);
        foreach (var page in Enumerable.Range(1, completePages))
            kept.Add(FeedUrls.DiskPath(FeedScope.Archive(page), ""));
        foreach (var kind in (string[])["tags", "authors", "archive"])
        {
            var kindFolder = Path.Combine(folder.FullPath, kind);
            if (!Directory.Exists(kindFolder))
                continue;
            foreach (var scopeFolder in Directory.EnumerateDirectories(kindFolder))
            {
                if (!kept.Contains($"{kind}/{Path.GetFileName(scopeFolder)}/"))
                    PublicFeedCopy.Remove(_formats.Select(format => Path.Combine(scopeFolder, format.FileName)));
            }
        }
    }

    private Uri ArchiveUri(int page, IFeedFormat format) => urls.FeedUri(FeedScope.Archive(page), format.FileName);

    /// <summary>
    /// Only page 1 links onwards: the others link back (prev-archive), which is how RFC 5005 §4.2 consumers walk the
    /// history and what validators ask of an archive page, and a link forward from the newest page would change its
    /// bytes when the next page completes. Page 1 has no page before it, so it links page 2, or, while it is the only
    /// complete page, the subscription document (never a page still filling).
    /// </summary>
    private Uri? NextArchive(int page, int completePages, IFeedFormat format) =>
        page != 1 ? null : completePages > 1 ? ArchiveUri(2, format) : urls.FeedUri(FeedScope.Site, format.FileName);

    /// <summary>
    /// Every complete page at start-up; afterwards the pages that hold a changed article, the pages that have just
    /// become complete, and page 1 when page 2 is one of them (it links page 2 from then on).
    /// </summary>
    private List<int> ArchivePagesToRebuild(FeedChanges changes, bool everything, int completePages)
    {
        if (everything)
            return [.. Enumerable.Range(1, completePages)];
        var pages = changes.Positions.Select(position => (int)((position - 1) / _pageSize) + 1).Where(page => page <= completePages).ToHashSet();
        for (var page = _completePages + 1; page <= completePages; page++)
            pages.Add(page);
        if (_completePages == 1 && completePages > 1)
            pages.Add(1);
        return [.. pages.Order()];
    }

    /// <summary>
    /// Every tag and author of the catalogue at start-up; afterwards those whose articles changed. A touched name that
    /// no longer has published articles has its feeds taken away.
    /// </summary>
    private async Task<(List<FeedScope> Rebuild, List<FeedScope> Gone)> ScopesToRebuildAsync(
        ScopeCatalogue.Snapshot scopes, FeedChanges changes, bool everything, CancellationToken cancellationToken)
    {
        var current = scopes.Tags.Select(t => FeedScope.Tag(new(t.Name, t.Slug)))
            .Concat(scopes.Authors.Select(a => FeedScope.Author(new(a.Name, a.Slug))))
            .ToDictionary(scope => (scope.Kind, scope.Name));
        if (everything)
            return ([.. current.Values], [.. _servedScopes.Values.Where(scope => !current.ContainsKey((scope.Kind, scope.Name)))]);
        var rebuild = new List<FeedScope>();
        var gone = new List<FeedScope>();
        foreach (var key in changes.Tags.Select(name => (FeedScopeKind.Tag, name)).Concat(changes.Authors.Select(name => (FeedScopeKind.Author, name))))
        {
            if (current.TryGetValue(key, out var scope))
                rebuild.Add(scope);
            else if (_servedScopes.TryGetValue(key, out var served))
                gone.Add(served);
            // Another instance may have published this one's feeds: take them away by the slug the name was given.
            else if (_adoptsOthers && await catalogue.SlugOfAsync(key.Item1 == FeedScopeKind.Tag ? Storage.ArticleScopeKind.Tag : Storage.ArticleScopeKind.Author,
                         key.Item2, cancellationToken) is { } slug)
                gone.Add(key.Item1 == FeedScopeKind.Tag ? FeedScope.Tag(new(key.Item2, slug)) : FeedScope.Author(new(key.Item2, slug)));
        }
        return (rebuild, gone);
    }

    private void ForgetAndRemoveOldBodies(List<FeedFile> published, string[] removed, bool everything)
    {
        var stale = new List<string>();
        foreach (var file in published.Where(f => f.Stored is not null))
        {
            if (_servedTags.TryGetValue(file.UrlPath, out var old) && old != file.Tag)
                stale.Add(old);
            _servedTags[file.UrlPath] = file.Tag;
        }
        foreach (var path in removed)
        {
            if (_servedTags.Remove(path, out var old))
                stale.Add(old);
        }
        var kept = _servedTags.Values.ToHashSet(StringComparer.Ordinal);
        if (everything && !KeepBodiesOfOthers)
            bodies.RemoveAllBut(kept);
        else if (!KeepBodiesOfOthers)
        {
            foreach (var tag in stale.Where(tag => !kept.Contains(tag)))
                bodies.Remove(tag);
        }
    }
}
