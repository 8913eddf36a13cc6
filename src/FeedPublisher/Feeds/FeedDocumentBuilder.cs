using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>Builds the neutral feed model from the newest stored articles.</summary>
public sealed class FeedDocumentBuilder(IArticleStore store, IOptions<SiteOptions> site, SiteUrls urls, IOptions<FeedsOptions> feeds)
{
    public async Task<FeedDocument> BuildAsync(CancellationToken cancellationToken)
    {
        var options = site.Value;
        var articles = await store.GetNewestPublishedAsync(ArticleScope.Site, feeds.Value.ItemCount, cancellationToken);
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
        return new FeedDocument(options.Title, options.Description, urls.BaseUri, options.Language, updated, entries);
    }
}
