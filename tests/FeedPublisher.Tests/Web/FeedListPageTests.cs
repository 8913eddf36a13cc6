using System.Net;
using System.Text;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>/feeds/, the page for a person about to subscribe: every feed, what it is, its address in each format.</summary>
[Collection(RealAppCollection.Name)]
public sealed class FeedListPageTests
{
    [Fact]
    public async Task Feed_list_gives_the_site_every_tag_and_author_with_an_address_per_format_and_every_page_links_to_it()
    {
        await using var app = await TestApp.StartAsync("--Feeds:ArchivePageSize=10");
        var staging = Path.Combine(app.Root, "staging");
        Directory.CreateDirectory(staging);
        for (var n = 1; n <= 12; n++)
            await File.WriteAllTextAsync(Path.Combine(staging, $"s{n:D2}.md"),
                $"---\ntitle: Story {n}\nauthor: {(n == 3 ? "John Roe" : "Jane Doe")}\ntags: [{(n % 2 == 0 ? "Harbour" : "City transport")}]\n---\n\nText {n}.\n");
        await app.WaitUntilAsync(() => app.Services.GetRequiredService<FeedPublisher.Inbox.InboxStatus>().Watching, "the inbox watcher");
        foreach (var file in Directory.GetFiles(staging))
            File.Move(file, Path.Combine(app.InboxPath, Path.GetFileName(file)));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/").GetAwaiter().GetResult().Contains("John Roe"), "the authors on /feeds/");

        var page = await client.GetStringAsync("/feeds/");

        foreach (var address in new[]
        {
            "http://127.0.0.1:5080/feeds/rss.xml", "http://127.0.0.1:5080/feeds/feed.json",
            "http://127.0.0.1:5080/tags/city-transport/atom.xml", "http://127.0.0.1:5080/tags/harbour/rss.xml",
            "http://127.0.0.1:5080/authors/jane-doe/feed.json", "http://127.0.0.1:5080/authors/john-roe/rss.xml",
        })
        {
            Assert.Contains($"<code>{address}</code>", page);
            using var feed = await client.GetAsync(new Uri(address).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        }
        Assert.Contains("<a href=\"/tags/harbour\">Harbour</a>", page);
        Assert.Contains("6 articles", page);
        Assert.Contains("<a href=\"/feeds/archive/1/atom.xml\">1</a>", page);
        Assert.Contains("copy a feed's address", page);
        foreach (var path in new[] { "/", "/tags/harbour", "/authors/jane-doe", "/articles/story-1" })
            Assert.Contains("<a href=\"/feeds/\">All feeds</a>", await client.GetStringAsync(path));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/?page=2")).StatusCode);
    }
}
