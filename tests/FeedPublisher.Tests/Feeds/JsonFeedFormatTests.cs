using System.Text;
using System.Text.Json;
using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

public sealed class JsonFeedFormatTests
{
    private static JsonElement Root(FeedDocument? document = null) =>
        JsonDocument.Parse(new JsonFeedFormat().Write(document ?? SampleFeed.Document, SampleFeed.SelfUri("feed.json"))).RootElement;

    [Fact]
    public void Top_level_says_version_1_1_title_links_description_language_and_the_site_as_author()
    {
        var root = Root();

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("FeedPublisher", root.GetProperty("title").GetString());
        Assert.Equal("http://127.0.0.1:5080/", root.GetProperty("home_page_url").GetString());
        Assert.Equal("http://127.0.0.1:5080/feeds/feed.json", root.GetProperty("feed_url").GetString());
        Assert.Equal("Articles published with FeedPublisher", root.GetProperty("description").GetString());
        Assert.Equal("en", root.GetProperty("language").GetString());
        var author = Assert.Single(root.GetProperty("authors").EnumerateArray());
        Assert.Equal("FeedPublisher", author.GetProperty("name").GetString());
        Assert.Equal("http://127.0.0.1:5080/", author.GetProperty("url").GetString());
    }

    [Fact]
    public void Item_carries_the_permanent_id_link_content_summary_dates_authors_and_tags()
    {
        var items = Root().GetProperty("items").EnumerateArray().ToArray();
        var item = items[0];

        Assert.Equal(2, items.Length);
        Assert.Equal(SampleFeed.Newer.Id, item.GetProperty("id").GetString());
        Assert.Equal("http://127.0.0.1:5080/articles/harbour-workers-stop-the-port", item.GetProperty("url").GetString());
        Assert.Equal("Harbour workers stop the port", item.GetProperty("title").GetString());
        Assert.Equal(SampleFeed.Newer.ContentHtml, item.GetProperty("content_html").GetString());
        Assert.Equal(SampleFeed.Newer.Summary, item.GetProperty("summary").GetString());
        Assert.Equal("2014-06-20T00:00:00Z", item.GetProperty("date_published").GetString());
        Assert.Equal("2014-06-21T10:30:05Z", item.GetProperty("date_modified").GetString());
        Assert.Equal(["Jane Doe", "John Roe"], item.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["labour"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(items[1].TryGetProperty("tags", out _), "an item without tags has no empty tags array");
    }

    [Fact]
    public void Html_in_content_is_kept_readable_and_the_bytes_are_the_same_every_time()
    {
        var format = new JsonFeedFormat();
        var first = format.Write(SampleFeed.Document, SampleFeed.SelfUri("feed.json"));
        var second = format.Write(SampleFeed.Document, SampleFeed.SelfUri("feed.json"));
        var text = Encoding.UTF8.GetString(first);

        Assert.Equal(first, second);
        Assert.Contains("<em>Thursday</em> &amp; the cranes", text);
        Assert.False(first.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "JSON starts with a byte-order mark");
    }

    [Fact]
    public void Empty_feed_has_an_empty_items_array()
    {
        var empty = SampleFeed.Document with { Entries = [], Updated = null };

        Assert.Equal(0, Root(empty).GetProperty("items").GetArrayLength());
    }
}
