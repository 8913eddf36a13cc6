using System.Text.Json;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>An article with a featured image through the real service; and a publisher who wants summary-only feeds.</summary>
[Collection(RealAppCollection.Name)]
public sealed class FeaturedImageEndToEndTests
{
    private const string Pictured = """
        ---
        title: Cranes stand idle on the quay
        author: Jane Doe
        date: 2024-03-12
        image: /media/cranes.jpg
        image_alt: Idle cranes on the quay
        ---

        The cranes along the main quay stood idle on Thursday, the first full day of the strike.
        """;

    [Fact]
    public async Task Featured_image_reaches_every_feed_and_the_article_page()
    {
        await using var app = await TestApp.StartAsync();
        app.DropIntoInbox("cranes.md", System.Text.Encoding.UTF8.GetBytes(Pictured));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        const string image = "http://127.0.0.1:5080/media/cranes.jpg";

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 1, "the article in rss.xml");
        var rss = XDocument.Parse(await client.GetStringAsync("/feeds/rss.xml"));
        var atom = XDocument.Parse(await client.GetStringAsync("/feeds/atom.xml"));
        using var json = JsonDocument.Parse(await client.GetByteArrayAsync("/feeds/feed.json"));
        var page = await client.GetStringAsync("/articles/cranes-stand-idle-on-the-quay");

        Assert.Equal(image, (string?)rss.Descendants(XName.Get("content", FeedNames.MediaNamespace)).Single().Attribute("url"));
        Assert.Contains(atom.Descendants(XName.Get("link", FeedNames.AtomNamespace)),
            l => (string?)l.Attribute("rel") == "enclosure" && (string?)l.Attribute("href") == image);
        Assert.Equal(image, json.RootElement.GetProperty("items")[0].GetProperty("image").GetString());
        Assert.Contains($"<img src=\"{image}\" alt=\"Idle cranes on the quay\">", page);
    }

    [Fact]
    public async Task Image_that_is_not_http_or_https_sends_the_file_to_failed_with_a_note()
    {
        await using var app = await TestApp.StartAsync();
        app.DropIntoInbox("bad-image.md", System.Text.Encoding.UTF8.GetBytes(Pictured.Replace("/media/cranes.jpg", "javascript:alert(1)")));

        await app.WaitForFileAsync(Path.Combine(app.FailedPath, "bad-image.md.error.txt"));
        var note = await File.ReadAllTextAsync(Path.Combine(app.FailedPath, "bad-image.md.error.txt"));

        Assert.Contains("line 5", note);
        Assert.Contains("not an http or https URL", note);
    }

    [Fact]
    public async Task With_Feeds_Content_summary_the_feeds_carry_the_summary_and_the_page_the_full_text()
    {
        await using var app = await TestApp.StartAsync("--Feeds:Content=summary");
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var feed = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 1, "the article in rss.xml");
        var rss = await client.GetStringAsync("/feeds/rss.xml");
        var atom = await client.GetStringAsync("/feeds/atom.xml");
        var page = await client.GetStringAsync("/articles/harbour-workers-stop-the-port-after-wage-talks-collapse");

        Assert.DoesNotContain("content:encoded", rss);
        Assert.DoesNotContain("<content", atom);
        Assert.StartsWith("Dock workers at the northern harbour", feed.Items[0].Description);
        Assert.Contains("the table until the cargo backlog had been cleared", page);
    }
}
