using System.Text;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

public sealed class AtomFeedFormatTests
{
    private static readonly XNamespace A = "http://www.w3.org/2005/Atom";
    private const string Rfc3339Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";

    private static string Xml(FeedDocument? document = null) =>
        Encoding.UTF8.GetString(new AtomFeedFormat().Write(document ?? SampleFeed.Document, SampleFeed.SelfUri("atom.xml")));

    [Fact]
    public void Atom_read_back_by_an_independent_reader_has_the_feed_and_entries()
    {
        var feed = FeedReader.ReadFromString(Xml());
        Assert.Equal(FeedType.Atom, feed.Type);
        Assert.Equal("FeedPublisher", feed.Title);
        Assert.Equal(SampleFeed.NewerUpdated, new DateTimeOffset(feed.LastUpdatedDate!.Value.ToUniversalTime()));
        Assert.Equal(2, feed.Items.Count);

        var item = feed.Items[0];
        var entry = (AtomFeedItem)item.SpecificItem;
        Assert.Equal("Harbour workers stop the port", item.Title);
        Assert.Equal("http://127.0.0.1:5080/articles/harbour-workers-stop-the-port", item.Link);
        Assert.Equal(SampleFeed.Newer.Id, item.Id);
        // FeedReader hands content back entity-decoded; the raw-XML tests check the exact HTML.
        Assert.Equal(System.Net.WebUtility.HtmlDecode(SampleFeed.Newer.ContentHtml), item.Content);
        Assert.Equal(SampleFeed.Newer.Summary, entry.Summary);
        Assert.Equal(SampleFeed.NewerPublished, new DateTimeOffset(entry.PublishedDate!.Value.ToUniversalTime()));
        Assert.Equal(SampleFeed.NewerUpdated, new DateTimeOffset(entry.UpdatedDate!.Value.ToUniversalTime()));
        Assert.Equal("Jane Doe", entry.Author?.Name);
    }

    [Fact]
    public void Atom_has_a_self_link_and_an_alternate_link_to_the_site()
    {
        var root = XDocument.Parse(Xml()).Root!;
        var links = root.Elements(A + "link").ToArray();
        var self = Assert.Single(links, l => l.Attribute("rel")?.Value == "self");
        Assert.Equal("http://127.0.0.1:5080/feeds/atom.xml", self.Attribute("href")?.Value);
        Assert.Equal("http://127.0.0.1:5080/feeds/atom.xml", root.Element(A + "id")?.Value);
        Assert.Contains(links, l => l.Attribute("rel")?.Value is null or "alternate" && l.Attribute("href")?.Value == "http://127.0.0.1:5080/");
    }

    [Fact]
    public void Atom_dates_are_rfc_3339()
    {
        var root = XDocument.Parse(Xml()).Root!;
        var dates = root.Descendants().Where(e => e.Name == A + "updated" || e.Name == A + "published").Select(e => e.Value).ToArray();
        Assert.Equal(5, dates.Length);
        Assert.All(dates, d => Assert.Matches(Rfc3339Pattern, d));
        Assert.Equal(SampleFeed.NewerUpdated, DateTimeOffset.Parse(root.Element(A + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Atom_content_is_typed_html_and_holds_the_full_article()
    {
        var content = XDocument.Parse(Xml()).Root!.Elements(A + "entry").First().Element(A + "content")!;
        Assert.Equal("html", content.Attribute("type")?.Value);
        Assert.Equal(SampleFeed.Newer.ContentHtml, content.Value);
    }

    [Fact]
    public void Atom_has_one_author_per_byline_name_in_each_entry()
    {
        var entries = XDocument.Parse(Xml()).Root!.Elements(A + "entry").ToArray();
        Assert.Equal(["Jane Doe", "John Roe"], entries[0].Elements(A + "author").Select(a => a.Element(A + "name")?.Value));
        Assert.Equal(["Ann Lee"], entries[1].Elements(A + "author").Select(a => a.Element(A + "name")?.Value));
    }

    [Fact]
    public void Atom_written_twice_from_the_same_document_is_byte_identical()
    {
        var format = new AtomFeedFormat();
        Assert.Equal(format.Write(SampleFeed.Document, SampleFeed.SelfUri("atom.xml")), format.Write(SampleFeed.Document, SampleFeed.SelfUri("atom.xml")));
    }

    [Fact]
    public void Atom_of_an_empty_feed_has_a_fixed_updated_time_and_no_entries()
    {
        var empty = SampleFeed.Document with { Updated = null, Entries = [] };
        var root = XDocument.Parse(Xml(empty)).Root!;
        Assert.Empty(root.Elements(A + "entry"));
        Assert.Matches(Rfc3339Pattern, root.Element(A + "updated")!.Value);
        Assert.Equal(Xml(empty), Xml(empty));
    }
}
