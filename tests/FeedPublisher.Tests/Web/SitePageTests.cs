using System.Net;
using System.Text.RegularExpressions;
using CodeHollow.FeedReader;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>
/// The index and article pages, and the links between them and the feeds. Links are absolute against Site:BaseUrl
/// (the public address); the test service listens elsewhere, so each link is checked to start with the base URL and
/// then requested at the test service.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed partial class SitePageTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    private static readonly Uri PublicBase = ShippedSettings.Site().BaseUri;

    [Fact]
    public async Task Article_page_shows_its_title_authors_and_date_and_no_script()
    {
        var page = await HtmlAsync(PublishedSite.HarbourPath);

        Assert.Contains($"<h1>{PublishedSite.HarbourTitle}</h1>", page);
        Assert.Contains($"<title>{PublishedSite.HarbourTitle} - FeedPublisher</title>", page);
        Assert.Contains("By <a href=\"/authors/jane-doe\">Jane Doe</a> and <a href=\"/authors/john-roe\">John Roe</a>", page);
        Assert.Contains("<time datetime=\"2014-06-20T00:00:00Z\">20 June 2014</time>", page);
        Assert.Contains("walked out on Thursday morning", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Article_whose_source_had_script_and_event_handlers_is_served_without_them()
    {
        var link = Assert.Single(ItemLinks(await FeedAsync("/feeds/rss.xml")), l => l.Contains("hostile", StringComparison.Ordinal));
        var page = await HtmlAsync(Local(link));

        Assert.Contains($"<h1>{PublishedSite.HostileTitle}</h1>", page);
        Assert.Contains("Before the script block.", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", page, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/articles/no-such-article")]
    [InlineData("/articles/harbour-workers-stop-the-port")]
    [InlineData("/articles/HARBOUR-WORKERS-STOP-THE-PORT-AFTER-WAGE-TALKS-COLLAPSE-X")]
    [InlineData("/articles/")]
    public async Task Unknown_article_is_404(string path)
    {
        using var response = await site.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Index_lists_each_article_linked_to_its_page()
    {
        var index = await HtmlAsync("/");

        var links = AnchorRegex().Matches(index).Where(m => m.Groups["href"].Value.StartsWith("/articles/", StringComparison.Ordinal)).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["text"].Value), m => m.Groups["href"].Value);
        Assert.Equal(PublishedSite.HarbourPath, links[PublishedSite.HarbourTitle]);
        Assert.True(links.ContainsKey(PublishedSite.HostileTitle), "the second article is listed");
        foreach (var title in new[] { PublishedSite.HarbourTitle, PublishedSite.HostileTitle })
            Assert.Contains($"<h1>{WebUtility.HtmlEncode(title)}</h1>", await HtmlAsync(links[title]));
        Assert.DoesNotContain("<script", index, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData(PublishedSite.HarbourPath)]
    public async Task Page_head_links_every_site_feed_and_the_links_serve_them(string pagePath)
    {
        var page = await HtmlAsync(pagePath);
        var head = page[page.IndexOf("<head>", StringComparison.Ordinal)..page.IndexOf("</head>", StringComparison.Ordinal)];

        var alternates = AlternateRegex().Matches(head).ToDictionary(m => m.Groups["type"].Value, m => WebUtility.HtmlDecode(m.Groups["href"].Value));
        Assert.Equal(["application/atom+xml", "application/feed+json", "application/rss+xml"], alternates.Keys.Order(StringComparer.Ordinal));
        foreach (var (type, href) in alternates)
        {
            using var response = await site.Client.GetAsync(Local(href));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (type == "application/feed+json")
            {
                // JSON is UTF-8 by definition; its media type has no charset parameter.
                Assert.Equal(type, FeedHttp.Header(response, "Content-Type"));
                Assert.Equal("https://jsonfeed.org/version/1.1", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("version").GetString());
            }
            else
            {
                Assert.Equal($"{type}; charset=utf-8", FeedHttp.Header(response, "Content-Type"));
                FeedReader.ReadFromByteArray(body);
            }
        }
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/atom.xml")]
    public async Task Every_item_link_in_the_feed_opens_its_article_page(string feedPath)
    {
        var feed = await FeedAsync(feedPath);

        Assert.Equal(2, feed.Items.Count);
        foreach (var item in feed.Items)
        {
            var page = await HtmlAsync(Local(item.Link));
            Assert.Contains($"<h1>{WebUtility.HtmlEncode(item.Title)}</h1>", page);
        }
    }

    private async Task<string> HtmlAsync(string path)
    {
        using var response = await site.Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        Assert.Equal("text/html; charset=utf-8", FeedHttp.Header(response, "Content-Type"));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<Feed> FeedAsync(string path) =>
        FeedReader.ReadFromByteArray(await site.Client.GetByteArrayAsync(path));

    private static IEnumerable<string> ItemLinks(Feed feed) => feed.Items.Select(i => i.Link);

    /// <summary>The path of a link that must point into the site's public base URL.</summary>
    private static string Local(string absoluteLink)
    {
        var link = new Uri(absoluteLink, UriKind.Absolute);
        Assert.True(PublicBase.IsBaseOf(link), $"{link} is not under the site's base URL {PublicBase}");
        return link.PathAndQuery;
    }

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\">(?<text>[^<]+)</a>")]
    private static partial Regex AnchorRegex();

    [GeneratedRegex("<link rel=\"alternate\" type=\"(?<type>[^\"]+)\"[^>]*? href=\"(?<href>[^\"]+)\">")]
    private static partial Regex AlternateRegex();
}
