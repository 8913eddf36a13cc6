namespace FeedPublisher.Articles;

/// <summary>
/// Mints an article's permanent id as an RFC 4151 tag URI from the site's host, the article's date and its identity.
/// It never depends on the title or content, and Storage keeps the first one minted.
/// </summary>
public static class ArticleGuid
{
    public static string Mint(Uri siteBase, string articleId, DateTimeOffset date) =>
        $"tag:{siteBase.IdnHost},{date.UtcDateTime:yyyy-MM-dd}:articles/{Uri.EscapeDataString(articleId)}";
}
