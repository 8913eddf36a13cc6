using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

/// <summary>The featured image in each format, and summary-only items, rendered from the neutral model.</summary>
public sealed class FeaturedImageFeedTests
{
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;
    private static readonly XNamespace Media = FeedNames.MediaNamespace;
    private static readonly XNamespace Content = FeedNames.ContentNamespace;
    private static readonly Uri Image = new("https://cdn.example.org/photos/cranes.jpg");

    private static FeedDocument Pictured => SampleFeed.Document with
    {
        Entries = [SampleFeed.Newer with { Image = Image, ImageAlt = "Idle cranes on the quay" }, SampleFeed.Older],
    };

    private static FeedDocument SummaryOnly => SampleFeed.Document with
    {
        Entries = [SampleFeed.Newer with { ContentHtml = "" }],
    };

    private static XElement Xml(IFeedFormat format, FeedDocument document) =>
        XDocument.Parse(Encoding.UTF8.GetString(format.Write(document, SampleFeed.SelfUri(format.FileName)))).Root!;

    [Fact]
    public void RSS_carries_the_image_as_Media_RSS_content_with_its_alt_text()
    {
        var items = Xml(new RssFeedFormat(), Pictured).Descendants("item").ToArray();
        var media = Assert.Single(items[0].Elements(Media + "content"));

        Assert.Equal(Image.AbsoluteUri, (string?)media.Attribute("url"));
        Assert.Equal("image", (string?)media.Attribute("medium"));
        Assert.Equal("image/jpeg", (string?)media.Attribute("type"));
        Assert.Equal("Idle cranes on the quay", (string?)media.Element(Media + "description"));
        Assert.Empty(items[1].Elements(Media + "content"));
    }

    [Fact]
    public void Atom_carries_the_image_as_an_enclosure_link()
    {
        var entries = Xml(new AtomFeedFormat(), Pictured).Elements(Atom + "entry").ToArray();
        var enclosure = Assert.Single(entries[0].Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "enclosure");

        Assert.Equal(Image.AbsoluteUri, (string?)enclosure.Attribute("href"));
        Assert.Equal("image/jpeg", (string?)enclosure.Attribute("type"));
        Assert.DoesNotContain(entries[1].Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "enclosure");
    }

    [Fact]
    public void JSON_Feed_carries_the_image_on_the_item()
    {
        using var json = JsonDocument.Parse(new JsonFeedFormat().Write(Pictured, SampleFeed.SelfUri("feed.json")));
        var items = json.RootElement.GetProperty("items");

        Assert.Equal(Image.AbsoluteUri, items[0].GetProperty("image").GetString());
        Assert.False(items[1].TryGetProperty("image", out _));
    }

    [Fact]
    public void Summary_only_items_have_no_full_text_in_any_format_but_keep_summary_and_link()
    {
        var rss = Xml(new RssFeedFormat(), SummaryOnly).Descendants("item").Single();
        var atom = Xml(new AtomFeedFormat(), SummaryOnly).Elements(Atom + "entry").Single();
        using var json = JsonDocument.Parse(new JsonFeedFormat().Write(SummaryOnly, SampleFeed.SelfUri("feed.json")));
        var item = json.RootElement.GetProperty("items")[0];

        Assert.Empty(rss.Elements(Content + "encoded"));
        Assert.Equal(SampleFeed.Newer.Summary, (string?)rss.Element("description"));
        Assert.Null(atom.Element(Atom + "content"));
        Assert.Equal(SampleFeed.Newer.Summary, (string?)atom.Element(Atom + "summary"));
        Assert.Contains(atom.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
        Assert.False(item.TryGetProperty("content_html", out _));
        Assert.Equal(SampleFeed.Newer.Summary, item.GetProperty("content_text").GetString());
    }
}
