using System.Net;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>A byline reads the same on the site's pages as in the feeds.</summary>
[Collection(RealAppCollection.Name)]
public sealed class BylinePageTests
{
    private const string ArticlePath = "/articles/three-reporters-share-one-byline";

    [Fact]
    public async Task Three_authors_read_A_B_and_C_on_the_article_page_the_index_and_in_rss()
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        app.DropIntoInbox("three-authors.md", TestFiles.FixtureBytes("three-authors.md"));
        await app.WaitForFeedAsync(app.RssPath, feed => feed.Items.Count == 1, "the article in rss.xml");

        const string byline = "Ann Lee, Bob Roe and Cy Poe";
        // On pages each name links to its author's page; the words around the names are the same.
        Assert.Contains($"By {byline}, <time", Text(await HtmlAsync(client, ArticlePath)));
        Assert.Contains($"By {byline}, <time", Text(await HtmlAsync(client, "/")));
        var creator = XDocument.Load(app.RssPath).Descendants(XNamespace.Get(FeedNames.DublinCoreNamespace) + "creator").Single();
        Assert.Equal(byline, creator.Value);
    }

    /// <summary>The markup with its links unwrapped to their text.</summary>
    private static string Text(string html) => System.Text.RegularExpressions.Regex.Replace(html, "</?a\\b[^>]*>", "");

    private static async Task<string> HtmlAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
