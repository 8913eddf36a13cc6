namespace FeedPublisher.Feeds;

/// <summary>
/// Builds the feeds a regeneration touches, writes the files whose bytes changed and hands the whole set to the sinks
/// in one swap. The site's feeds are rebuilt every time and served from memory; a tag's or author's feeds only when
/// their articles changed (or at start-up), and served from disk, so a site with a thousand tags stays small in memory.
/// Owned by the regeneration job, which never runs twice at once.
/// </summary>
public sealed class FeedSetWriter(
    FeedDocumentBuilder builder,
    ScopeCatalogue catalogue,
    IEnumerable<IFeedFormat> formats,
    IEnumerable<IFeedSink> sinks,
    FeedOutputFolder folder,
    ServedBodyStore bodies,
    FeedUrls urls)
{
    private readonly IFeedFormat[] _formats = [.. formats];

    /// <summary>What was last handed to the sinks for each disk-served feed: its path, and the tag of its bytes.</summary>
    private readonly Dictionary<string, string> _servedTags = new(StringComparer.Ordinal);

    /// <summary>The scopes whose feeds are served, by kind and name, with their slug (which names their URLs).</summary>
    private readonly Dictionary<(FeedScopeKind, string), FeedScope> _servedScopes = [];

    private bool _everythingDone;

    public sealed record Result(int FilesWritten, int SiteEntries, int FeedsRebuilt);

    public async Task<Result> WriteAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        // The first run after a start rebuilds everything: it does not know what an earlier process served.
        var everything = changes.Everything || !_everythingDone;
        await catalogue.UpdateAsync(everything ? FeedChanges.All : changes, cancellationToken);

        var published = new List<FeedFile>();
        var written = 0;
        var site = await builder.BuildAsync(FeedScope.Site, cancellationToken);
        foreach (var format in _formats)
        {
            var bytes = format.Write(site, urls.FeedUri(FeedScope.Site, format.FileName));
            if (await AtomicFileWriter.WriteIfChangedAsync(folder.PathOf(FeedUrls.DiskPath(FeedScope.Site, format.FileName)), bytes, cancellationToken))
                written++;
            published.Add(new FeedFile(FeedUrls.UrlPath(FeedScope.Site, format.FileName), format.ContentType, FeedBodies.TagOf(bytes), bytes,
                site.Updated ?? DateTimeOffset.UnixEpoch));
        }

        var (rebuild, gone) = ScopesToRebuild(changes, everything);
        foreach (var scope in rebuild)
            written += await WriteScopeAsync(scope, published, cancellationToken);
        var removed = gone.SelectMany(scope => _formats.Select(format => FeedUrls.UrlPath(scope, format.FileName))).ToArray();

        // Served only once every file is on disk, so disk and what is served agree.
        foreach (var sink in sinks)
            sink.Publish(published, removed, replaceAll: everything);
        ForgetAndRemoveOldBodies(published, removed, everything);
        foreach (var scope in rebuild)
            _servedScopes[(scope.Kind, scope.Name)] = scope;
        foreach (var scope in gone)
            _servedScopes.Remove((scope.Kind, scope.Name));
        _everythingDone = true;
        return new Result(written, site.Entries.Count, rebuild.Count);
    }

    private async Task<int> WriteScopeAsync(FeedScope scope, List<FeedFile> published, CancellationToken cancellationToken)
    {
        var written = 0;
        var document = await builder.BuildAsync(scope, cancellationToken);
        foreach (var format in _formats)
        {
            var urlPath = FeedUrls.UrlPath(scope, format.FileName);
            var bytes = format.Write(document, urls.FeedUri(scope, format.FileName));
            var tag = FeedBodies.TagOf(bytes);
            // Unchanged bytes: the served entry stays as it is, nothing is written or compressed.
            if (_servedTags.TryGetValue(urlPath, out var servedTag) && servedTag == tag)
                continue;
            if (await AtomicFileWriter.WriteIfChangedAsync(folder.PathOf(FeedUrls.DiskPath(scope, format.FileName)), bytes, cancellationToken))
                written++;
            var stored = await bodies.StoreAsync(tag, bytes, cancellationToken);
            published.Add(new FeedFile(urlPath, format.ContentType, tag, null, document.Updated ?? DateTimeOffset.UnixEpoch) { Stored = stored });
        }
        return written;
    }

    /// <summary>
    /// Every tag and author of the catalogue at start-up; afterwards those whose articles changed. A touched name that
    /// no longer has published articles has its feeds taken away.
    /// </summary>
    private (List<FeedScope> Rebuild, List<FeedScope> Gone) ScopesToRebuild(FeedChanges changes, bool everything)
    {
        var current = catalogue.Tags.Select(t => FeedScope.Tag(new(t.Name, t.Slug)))
            .Concat(catalogue.Authors.Select(a => FeedScope.Author(new(a.Name, a.Slug))))
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
        if (everything)
            bodies.RemoveAllBut(kept);
        else
        {
            foreach (var tag in stale.Where(tag => !kept.Contains(tag)))
                bodies.Remove(tag);
        }
    }
}
