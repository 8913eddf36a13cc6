using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using FeedPublisher.Articles;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Storage;

namespace FeedPublisher.Web;

/// <summary>The site's two HTML pages: the index of recent articles and one page per article. HTML5, no script.</summary>
public sealed class HtmlPages(SiteOptions site, FeedUrls feedUrls, IEnumerable<IFeedFormat> formats)
{
    // Every script as itself (UTF-8 pages): only markup characters are escaped, not "é" or "—".
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    // Looked up once: SiteOptions.TimeZoneInfo finds the zone again on every call.
    private readonly TimeZoneInfo _zone = site.TimeZoneInfo;
    private const string Style = "body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.6 Georgia,serif;color:#222}"
        + "a{color:#0645ad}header,footer{font-family:sans-serif;font-size:.9rem}.meta{color:#555;font-family:sans-serif;font-size:.9rem}"
        + "li{margin:.6rem 0}img{max-width:100%}code{font-size:.85rem;word-break:break-all}section.feed{margin:1rem 0}h3{margin:.2rem 0}";

    /// <summary>Articles listed on one page of the index, a tag or an author.</summary>
    public const int ListPageSize = 20;

    /// <param name="tags">The most used tags, to browse by.</param>
    public string Index(IReadOnlyList<StoredArticle> articles, IReadOnlyList<ScopeSummary> tags)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(site.Title)).Append("</h1>\n<p>").Append(Html.Encode(site.Description)).Append("</p>\n");
        if (articles.Count == 0)
            body.Append("<p>No articles yet.</p>\n");
        else
            AppendList(body, articles);
        if (tags.Count > 0)
        {
            body.Append("<nav class=\"tags\">\n<h2>Tags</h2>\n<ul>\n");
            foreach (var tag in tags)
                body.Append("<li><a href=\"").Append(Html.Encode(SiteUrls.TagPath(tag.Slug))).Append("\">").Append(Html.Encode(tag.Name))
                    .Append("</a> <span class=\"meta\">").Append(tag.PublishedArticles.ToString(CultureInfo.InvariantCulture)).Append("</span></li>\n");
            body.Append("</ul>\n</nav>\n");
        }
        return Page(site.Title, body.ToString());
    }

    /// <summary>One page of a tag's or an author's articles, newest first, with links to the pages around it.</summary>
    public string Listing(ArticleScopeKind kind, ScopeName scope, IReadOnlyList<StoredArticle> articles, int page, bool hasNext)
    {
        var path = kind == ArticleScopeKind.Tag ? SiteUrls.TagPath(scope.Slug) : SiteUrls.AuthorPath(scope.Slug);
        var heading = kind == ArticleScopeKind.Tag ? $"Articles tagged {scope.Name}" : $"Articles by {scope.Name}";
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(heading)).Append("</h1>\n");
        if (page > 1)
            body.Append("<p class=\"meta\">Page ").Append(page.ToString(CultureInfo.InvariantCulture)).Append("</p>\n");
        AppendList(body, articles);
        if (page > 1 || hasNext)
        {
            body.Append("<nav class=\"pages\">");
            if (page > 1)
                body.Append("<a rel=\"prev\" href=\"").Append(Html.Encode(SiteUrls.Paged(path, page - 1))).Append("\">Newer articles</a> ");
            if (hasNext)
                body.Append("<a rel=\"next\" href=\"").Append(Html.Encode(SiteUrls.Paged(path, page + 1))).Append("\">Older articles</a>");
            body.Append("</nav>\n");
        }
        var title = page > 1 ? $"{heading}, page {page} - {site.Title}" : $"{heading} - {site.Title}";
        var feeds = kind == ArticleScopeKind.Tag ? FeedScope.Tag(scope) : FeedScope.Author(scope);
        return Page(title, body.ToString(), feeds, $"{site.Title} — {scope.Name}");
    }

    /// <summary>Tags and authors listed on one page of /feeds/.</summary>
    public const int FeedListPageSize = 100;

    /// <summary>
    /// /feeds/: every feed with what it is and its address in each format, for a person about to subscribe; tags and
    /// authors paged, <see cref="FeedListPageSize"/> a page.
    /// </summary>
    public string FeedList(IReadOnlyList<(FeedScope Scope, int Articles)> scopes, int page, bool hasNext, int archivePages)
    {
        var body = new StringBuilder();
        body.Append("<h1>Feeds</h1>\n<p>To follow ").Append(Html.Encode(site.Title))
            .Append(" in a feed reader (NetNewsWire, Feedly, Inoreader, Miniflux, newsboat…), copy a feed's address below and add it there.")
            .Append(" RSS and Atom work in every reader; JSON Feed in many.</p>\n");
        if (page == 1)
        {
            body.Append("<h2>Everything</h2>\n");
            AppendFeed(body, FeedScope.Site, "Every article", null);
            if (archivePages > 0)
            {
                body.Append("<p class=\"meta\">The complete history, oldest first, for readers that fetch it: ");
                for (var n = 1; n <= archivePages; n++)
                    body.Append(n == 1 ? "" : " · ").Append("<a href=\"").Append(Html.Encode(FeedUrls.UrlPath(FeedScope.Archive(n), "atom.xml")))
                        .Append("\">").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</a>");
                body.Append("</p>\n");
            }
        }
        foreach (var group in scopes.GroupBy(s => s.Scope.Kind))
        {
            body.Append("<h2>").Append(group.Key == FeedScopeKind.Tag ? "Tags" : "Authors").Append("</h2>\n");
            foreach (var (scope, articles) in group)
            {
                var pagePath = scope.Kind == FeedScopeKind.Tag ? SiteUrls.TagPath(scope.Slug) : SiteUrls.AuthorPath(scope.Slug);
                AppendFeed(body, scope, $"<a href=\"{Html.Encode(pagePath)}\">{Html.Encode(scope.Name)}</a>",
                    articles == 1 ? "1 article" : $"{articles.ToString(CultureInfo.InvariantCulture)} articles");
            }
        }
        if (page > 1 || hasNext)
        {
            body.Append("<nav class=\"pages\">");
            if (page > 1)
                body.Append("<a rel=\"prev\" href=\"").Append(Html.Encode(SiteUrls.Paged(SiteUrls.FeedListPath, page - 1))).Append("\">Previous</a> ");
            if (hasNext)
                body.Append("<a rel=\"next\" href=\"").Append(Html.Encode(SiteUrls.Paged(SiteUrls.FeedListPath, page + 1))).Append("\">More feeds</a>");
            body.Append("</nav>\n");
        }
        return Page(page > 1 ? $"Feeds, page {page} - {site.Title}" : $"Feeds - {site.Title}", body.ToString());
    }

    /// <summary>One feed: what it is, then its address in each format, as text a person can copy.</summary>
    private void AppendFeed(StringBuilder body, FeedScope scope, string what, string? meta)
    {
        body.Append("<section class=\"feed\">\n<h3>").Append(scope.Kind == FeedScopeKind.Site ? Html.Encode(what) : what).Append("</h3>\n");
        if (meta is not null)
            body.Append("<p class=\"meta\">").Append(Html.Encode(meta)).Append("</p>\n");
        body.Append("<ul>\n");
        foreach (var format in formats)
        {
            var address = feedUrls.FeedUri(scope, format.FileName).AbsoluteUri;
            body.Append("<li>").Append(FormatName(format)).Append(": <a href=\"").Append(Html.Encode(address)).Append("\"><code>")
                .Append(Html.Encode(address)).Append("</code></a></li>\n");
        }
        body.Append("</ul>\n</section>\n");
    }

    private static string FormatName(IFeedFormat format) => format.FileName switch
    {
        "rss.xml" => "RSS",
        "atom.xml" => "Atom",
        "feed.json" => "JSON Feed",
        var other => Html.Encode(other),
    };

    private void AppendList(StringBuilder body, IReadOnlyList<StoredArticle> articles)
    {
        body.Append("<ul>\n");
        foreach (var article in articles)
        {
            body.Append("<li><a href=\"").Append(Html.Encode(SiteUrls.ArticlePath(article.Slug))).Append("\">")
                .Append(Html.Encode(article.Title)).Append("</a> <span class=\"meta\">")
                .Append(Meta(article)).Append("</span></li>\n");
        }
        body.Append("</ul>\n");
    }

    public string Article(StoredArticle article)
    {
        var body = new StringBuilder();
        body.Append("<article>\n<h1>").Append(Html.Encode(article.Title)).Append("</h1>\n<p class=\"meta\">")
            .Append(Meta(article)).Append("</p>\n");
        // An http or https URL, checked when the article was parsed.
        if (article.ImageUrl is { } image)
            body.Append("<figure><img src=\"").Append(Html.Encode(image)).Append("\" alt=\"").Append(Html.Encode(article.ImageAlt ?? ""))
                .Append("\"></figure>\n");
        body
            // Sanitized when ingested: it carries no script, event handlers or javascript: URLs.
            .Append(article.ContentHtml).Append('\n');
        if (article.TagNames.Count > 0)
        {
            body.Append("<p class=\"meta tags\">Tags: ");
            for (var i = 0; i < article.TagNames.Count; i++)
                body.Append(i == 0 ? "" : ", ").Append(ScopeLink(SiteUrls.TagPath(article.TagNames[i].Slug), article.TagNames[i].Name));
            body.Append("</p>\n");
        }
        body.Append("</article>\n");
        return Page($"{article.Title} - {site.Title}", body.ToString());
    }

    /// <summary>What stays of a retracted article for people: its title, when it was withdrawn, and why when known.</summary>
    public string Retracted(StoredArticle article, Retraction retraction)
    {
        var when = TimeZoneInfo.ConvertTime(retraction.At, _zone);
        var body = new StringBuilder();
        body.Append("<article>\n<h1>").Append(Html.Encode(article.Title)).Append("</h1>\n<p><strong>This article has been withdrawn.</strong> ")
            .Append("It was retracted on <time datetime=\"").Append(retraction.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append("\">").Append(when.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>.</p>\n");
        if (retraction.Reason is { Length: > 0 } reason)
            body.Append("<p>Reason: ").Append(Html.Encode(reason)).Append("</p>\n");
        body.Append("</article>\n");
        return Page($"Withdrawn: {article.Title} - {site.Title}", body.ToString());
    }

    private string Meta(StoredArticle article)
    {
        // The day readers see is the site's: a date-only article is stored as midnight in Site:TimeZone, which east of
        // UTC is still the day before in UTC.
        var date = TimeZoneInfo.ConvertTime(article.Published, _zone);
        var meta = new StringBuilder();
        if (article.AuthorNames.Count > 0)
            meta.Append("By ").Append(Byline.Format([.. article.AuthorNames.Select(a => ScopeLink(SiteUrls.AuthorPath(a.Slug), a.Name))])).Append(", ");
        else if (article.Authors.Count > 0)
            meta.Append("By ").Append(Html.Encode(Byline.Format(article.Authors))).Append(", ");
        // RFC 3339 with the zone's offset, so the machine-readable time names the same day as the text.
        var rfc3339 = date.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz";
        meta.Append("<time datetime=\"").Append(date.ToString(rfc3339, CultureInfo.InvariantCulture)).Append("\">")
            .Append(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>");
        return meta.ToString();
    }

    /// <summary>A link to a tag's or author's page; plain text for a name that has no slug yet.</summary>
    private static string ScopeLink(string path, string name) =>
        path.EndsWith('/') ? Html.Encode(name) : $"<a href=\"{Html.Encode(path)}\">{Html.Encode(name)}</a>";

    private string Page(string title, string main) => Page(title, main, FeedScope.Site, site.Title);

    /// <summary>The page around <paramref name="main"/>, advertising the feeds of <paramref name="feeds"/>.</summary>
    private string Page(string title, string main, FeedScope feeds, string feedTitle)
    {
        var page = new StringBuilder(main.Length + 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(site.Language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n");
        foreach (var format in formats)
        {
            var mediaType = format.ContentType.Split(';')[0];
            page.Append("<link rel=\"alternate\" type=\"").Append(mediaType).Append("\" title=\"")
                .Append(Html.Encode(feedTitle)).Append("\" href=\"").Append(Html.Encode(feedUrls.FeedUri(feeds, format.FileName).AbsoluteUri)).Append("\">\n");
        }
        page.Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<header><a href=\"").Append(SiteUrls.IndexPath).Append("\">")
            .Append(Html.Encode(site.Title)).Append("</a></header>\n<main>\n").Append(main).Append("</main>\n<footer>Subscribe: ");
        var first = true;
        foreach (var format in formats)
        {
            page.Append(first ? "" : " · ").Append("<a href=\"").Append(Html.Encode(FeedUrls.UrlPath(feeds, format.FileName))).Append("\">")
                .Append(Html.Encode(format.FileName)).Append("</a>");
            first = false;
        }
        page.Append(" · <a href=\"").Append(SiteUrls.FeedListPath).Append("\">All feeds</a></footer>\n</body>\n</html>\n");
        return page.ToString();
    }
}
