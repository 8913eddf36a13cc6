using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>Builds the neutral feed model of a scope from its newest stored articles.</summary>
public sealed class FeedDocumentBuilder(IArticleStore store, IOptions<SiteOptions> site, SiteUrls urls, FeedUrls feedUrls, IOptions<FeedsOptions> feeds)
{
    public Task<FeedDocument> BuildAsync(CancellationToken cancellationToken) => BuildAsync(FeedScope.Site, cancellationToken);

    public async Task<FeedDocument> BuildAsync(FeedScope scope, CancellationToken cancellationToken)
    {
        var options = site.Value;
        var articles = await store.GetNewestPublishedAsync(scope.Articles, feeds.Value.ItemCount, cancellationToken);
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
            FeedScopeKind.Tag => ($"{options.Title} — {scope.Name}", $"Articles tagged {scope.Name}"),
            FeedScopeKind.Author => ($"{options.Title} — {scope.Name}", $"Articles by {scope.Name}"),
            _ => (options.Title, options.Description),
        };
        return new FeedDocument(title, description, feedUrls.PageUri(scope), options.Language, updated, entries)
        {
            Publisher = options.Title,
            PublisherLink = urls.BaseUri,
        };
    }
}
