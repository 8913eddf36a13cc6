using System.Text.Json;
using CodeHollow.FeedReader;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>/feeds/feed.json on the real host: the same items as the XML feeds, discoverable from the pages.</summary>
[Collection(RealAppCollection.Name)]
public sealed class JsonFeedTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    [Fact]
    public async Task JSON_Feed_has_the_same_items_ids_titles_links_and_dates_as_the_Atom_feed()
    {
        using var json = JsonDocument.Parse(await site.Client.GetByteArrayAsync("/feeds/feed.json"));
        var atom = FeedReader.ReadFromByteArray(await site.Client.GetByteArrayAsync("/feeds/atom.xml"));

        var items = json.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(atom.Items.Select(i => i.Id), items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(atom.Items.Select(i => i.Title), items.Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(atom.Items.Select(i => i.Link), items.Select(i => i.GetProperty("url").GetString()));
        Assert.Equal(
            atom.Items.Select(i => new DateTimeOffset(i.PublishingDate!.Value.ToUniversalTime())),
            items.Select(i => i.GetProperty("date_published").GetDateTimeOffset()));
        // Site:BaseUrl, not the address the test reached the service at.
        Assert.Equal("http://127.0.0.1:5080/feeds/feed.json", json.RootElement.GetProperty("feed_url").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData(PublishedSite.HarbourPath)]
    public async Task Pages_advertise_the_JSON_Feed_beside_the_XML_feeds(string path)
    {
        var html = await site.Client.GetStringAsync(path);

        Assert.Contains("<link rel=\"alternate\" type=\"application/feed+json\"", html);
        Assert.Contains("href=\"http://127.0.0.1:5080/feeds/feed.json\"", html);
    }
}
