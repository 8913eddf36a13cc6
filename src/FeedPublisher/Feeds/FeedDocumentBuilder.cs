using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>Builds the neutral feed model of a scope from its newest stored articles.</summary>
public sealed class FeedDocumentBuilder(
    IArticleStore store, IOptions<SiteOptions> site, SiteUrls urls, FeedUrls feedUrls, IOptions<FeedsOptions> feeds, TimeProvider time)
{
    // Parsed once, not for each of the thousands of documents a full rebuild makes.
    private readonly IReadOnlyList<Uri> _hubs = feeds.Value.HubUris;
    private readonly PollInterval _pollInterval = feeds.Value.PollInterval;

    /// <summary>The site's feed as served: the newest articles and every one not yet on a complete archive page.</summary>
    public async Task<FeedDocument> BuildAsync(CancellationToken cancellationToken)
    {
        var size = feeds.Value.PageSize;
        return await BuildAsync(FeedScope.Site, await LastPositionAsync(cancellationToken) / size * size, cancellationToken);
    }

    /// <summary>The highest archive position given so far: how far the archives reach.</summary>
    public Task<long> LastPositionAsync(CancellationToken cancellationToken) => store.GetLastPositionAsync(cancellationToken);

    /// <param name="archivedThrough">The last position on a complete archive page: the site's feeds hold every article after it.</param>
    public async Task<FeedDocument> BuildAsync(FeedScope scope, long archivedThrough, CancellationToken cancellationToken)
    {
        var options = site.Value;
        var articles = await ArticlesOfAsync(scope, archivedThrough, cancellationToken);
        // Summary-only feeds send readers to the article page for the text.
        var fullContent = feeds.Value.Content == FeedContent.Full;
        var entries = articles.Select(a => new FeedEntry(
            a.Guid, a.Title, urls.ArticleUri(a.Slug), a.Authors, a.Published, a.Updated, a.Summary, fullContent ? a.ContentHtml : "", a.Tags)
        {
            Image = a.ImageUrl is { } image ? new Uri(image) : null,
            ImageAlt = a.ImageAlt,
        }).ToArray();
        // The newest article's time, not the clock's: unchanged content gives byte-identical feeds.
        DateTimeOffset? updated = entries.Length == 0 ? null : entries.Max(e => e.Updated);
        var (title, description) = scope.Kind switch
        {
            FeedScopeKind.Archive => ($"{options.Title} — archive {scope.Page}", $"{options.Description}: archive page {scope.Page}"),
            FeedScopeKind.Tag => ($"{options.Title} — {scope.Name}", $"Articles tagged {scope.Name}"),
            FeedScopeKind.Author => ($"{options.Title} — {scope.Name}", $"Articles by {scope.Name}"),
            _ => (options.Title, options.Description),
        };
        var tombstones = await TombstonesOfAsync(scope, cancellationToken);
        // A retraction changes the feed too: its updated time is never earlier than its newest tombstone's.
        if (tombstones.Count > 0 && (updated is null || tombstones[0].When > updated))
            updated = tombstones[0].When;
        return new FeedDocument(title, description, feedUrls.PageUri(scope), options.Language, updated, entries)
        {
            Publisher = options.Title,
            PublisherLink = urls.BaseUri,
            Tombstones = tombstones,
            // An archive page is not polled and changes only when one of its articles does.
            PollInterval = scope.Kind == FeedScopeKind.Archive ? null : _pollInterval,
            Hubs = scope.Kind == FeedScopeKind.Archive ? [] : _hubs,
        };
    }

    /// <summary>
    /// The subscription documents (the site's, a tag's, an author's) say for <c>Feeds:TombstoneDays</c> which of their
    /// entries were taken back; an archive page simply no longer carries the entry.
    /// </summary>
    private async Task<IReadOnlyList<FeedTombstone>> TombstonesOfAsync(FeedScope scope, CancellationToken cancellationToken)
    {
        if (scope.Kind == FeedScopeKind.Archive || feeds.Value.TombstoneDays == 0)
            return [];
        var since = time.GetUtcNow().AddDays(-feeds.Value.TombstoneDays);
        var retracted = await store.GetRetractedSinceAsync(scope.Articles, since, cancellationToken);
        return [.. retracted.Select(t => new FeedTombstone(t.Ref, t.RetractedAt, t.RetractedBy, t.Reason))];
    }

    /// <summary>
    /// A tag's or author's newest; an archive page's articles by position; and for the site, the newest together with
    /// every article not yet on a complete archive page, so that every published article is reachable (RFC 5005 §4),
    /// and the most recently corrected ones, so a correction to an archived article reaches readers too (§4.1).
    /// </summary>
    private async Task<IReadOnlyList<StoredArticle>> ArticlesOfAsync(FeedScope scope, long archivedThrough, CancellationToken cancellationToken)
    {
        var size = feeds.Value.PageSize;
        if (scope.Kind == FeedScopeKind.Archive)
            return await store.GetByPositionAsync((long)(scope.Page - 1) * size + 1, (long)scope.Page * size, cancellationToken);
        var newest = await store.GetNewestPublishedAsync(scope.Articles, feeds.Value.ItemCount, cancellationToken);
        if (scope.Kind != FeedScopeKind.Site)
            return newest;
        // At most a page's worth: articles stored while this runs are the next regeneration's.
        var unarchived = await store.GetByPositionAsync(archivedThrough + 1, archivedThrough + size, cancellationToken);
        var corrected = await store.GetRecentlyRevisedAsync(feeds.Value.ItemCount, cancellationToken);
        return newest.Concat(unarchived).Concat(corrected).DistinctBy(a => a.Id).OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).ToArray();
    }
}
