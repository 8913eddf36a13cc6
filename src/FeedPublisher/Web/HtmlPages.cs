using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using FeedPublisher.Articles;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Storage;

namespace FeedPublisher.Web;

/// <summary>The site's two HTML pages: the index of recent articles and one page per article. HTML5, no script.</summary>
public sealed class HtmlPages(SiteOptions site, SiteUrls urls, IEnumerable<IFeedFormat> formats)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;
    // Looked up once: SiteOptions.TimeZoneInfo finds the zone again on every call.
    private readonly TimeZoneInfo _zone = site.TimeZoneInfo;
    private const string Style = "body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.6 Georgia,serif;color:#222}"
        + "a{color:#0645ad}header,footer{font-family:sans-serif;font-size:.9rem}.meta{color:#555;font-family:sans-serif;font-size:.9rem}"
        + "li{margin:.6rem 0}img{max-width:100%}";

    public string Index(IReadOnlyList<StoredArticle> articles)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(site.Title)).Append("</h1>\n<p>").Append(Html.Encode(site.Description)).Append("</p>\n");
        if (articles.Count == 0)
            body.Append("<p>No articles yet.</p>\n");
        else
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
        return Page(site.Title, body.ToString());
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
            .Append(article.ContentHtml).Append("\n</article>\n");
        return Page($"{article.Title} - {site.Title}", body.ToString());
    }

    private string Meta(StoredArticle article)
    {
        // The day readers see is the site's: a date-only article is stored as midnight in Site:TimeZone, which east of
        // UTC is still the day before in UTC.
        var date = TimeZoneInfo.ConvertTime(article.Published, _zone);
        var meta = new StringBuilder();
        if (article.Authors.Count > 0)
            meta.Append("By ").Append(Html.Encode(Byline.Format(article.Authors))).Append(", ");
        // RFC 3339 with the zone's offset, so the machine-readable time names the same day as the text.
        var rfc3339 = date.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz";
        meta.Append("<time datetime=\"").Append(date.ToString(rfc3339, CultureInfo.InvariantCulture)).Append("\">")
            .Append(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>");
        return meta.ToString();
    }

    private string Page(string title, string main)
    {
        var page = new StringBuilder(main.Length + 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(site.Language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n");
        foreach (var format in formats)
        {
            var mediaType = format.ContentType.Split(';')[0];
            page.Append("<link rel=\"alternate\" type=\"").Append(mediaType).Append("\" title=\"")
                .Append(Html.Encode(site.Title)).Append("\" href=\"").Append(Html.Encode(urls.FeedUri(format.FileName).AbsoluteUri)).Append("\">\n");
        }
        page.Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<header><a href=\"").Append(SiteUrls.IndexPath).Append("\">")
            .Append(Html.Encode(site.Title)).Append("</a></header>\n<main>\n").Append(main).Append("</main>\n<footer>Subscribe: ");
        var first = true;
        foreach (var format in formats)
        {
            page.Append(first ? "" : " · ").Append("<a href=\"").Append(Html.Encode(SiteUrls.FeedPath(format.FileName))).Append("\">")
                .Append(Html.Encode(format.FileName)).Append("</a>");
            first = false;
        }
        page.Append("</footer>\n</body>\n</html>\n");
        return page.ToString();
    }
}
