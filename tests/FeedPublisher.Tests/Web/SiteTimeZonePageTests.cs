using System.Net;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>Pages print dates as the site's readers read them: in Site:TimeZone, not in UTC.</summary>
[Collection(RealAppCollection.Name)]
public sealed class SiteTimeZonePageTests
{
    [Fact]
    public async Task Date_only_article_on_a_site_east_of_utc_shows_its_own_day_with_the_zone_offset()
    {
        await using var app = await TestApp.StartAsync("--Site:TimeZone=Asia/Tokyo");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        // "20 June 2014" is midnight in Tokyo, which is still 19 June in UTC.
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        await app.WaitForFeedAsync(app.RssPath, feed => feed.Items.Count == 1, "the article in rss.xml");

        const string expected = "<time datetime=\"2014-06-20T00:00:00+09:00\">20 June 2014</time>";
        Assert.Contains(expected, await HtmlAsync(client, PublishedSite.HarbourPath));
        Assert.Contains(expected, await HtmlAsync(client, "/"));
    }

    private static async Task<string> HtmlAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
