using System.Text;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

public sealed class RssFeedFormatTests
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private const string Rfc822Pattern = @"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$";

    private static string Xml(FeedDocument? document = null) =>
        Encoding.UTF8.GetString(new RssFeedFormat().Write(document ?? SampleFeed.Document, SampleFeed.SelfUri("rss.xml")));

    [Fact]
    public void Rss_read_back_by_an_independent_reader_has_the_channel_and_items()
    {
        var feed = FeedReader.ReadFromString(Xml());
        Assert.Equal(FeedType.Rss_2_0, feed.Type);
        Assert.Equal("FeedPublisher", feed.Title);
        Assert.Equal("http://127.0.0.1:5080/", feed.Link);
        Assert.Equal("Articles published with FeedPublisher", feed.Description);
        Assert.Equal("en", feed.Language);
        Assert.Equal(2, feed.Items.Count);

        var item = feed.Items[0];
        Assert.Equal("Harbour workers stop the port", item.Title);
        Assert.Equal("http://127.0.0.1:5080/articles/harbour-workers-stop-the-port", item.Link);
        Assert.Equal(SampleFeed.Newer.Id, item.Id);
        Assert.Equal(SampleFeed.NewerPublished, new DateTimeOffset(item.PublishingDate!.Value.ToUniversalTime()));
        Assert.Equal(SampleFeed.Newer.Summary, item.Description);
        // FeedReader hands content back entity-decoded; the raw-XML tests check the exact HTML.
        Assert.Equal(System.Net.WebUtility.HtmlDecode(SampleFeed.Newer.ContentHtml), item.Content);
        Assert.Equal("Jane Doe and John Roe", ((Rss20FeedItem)item.SpecificItem).DC?.Creator);
        Assert.Equal("Three reporters share one byline", feed.Items[1].Title);
    }

    [Fact]
    public void Rss_full_html_goes_in_content_encoded_and_the_summary_in_description()
    {
        var item = XDocument.Parse(Xml()).Descendants("item").First();
        Assert.Equal(SampleFeed.Newer.ContentHtml, item.Element(Content + "encoded")?.Value);
        Assert.Equal(SampleFeed.Newer.Summary, item.Element("description")?.Value);
    }

    [Fact]
    public void Rss_has_one_dc_creator_with_the_whole_byline()
    {
        Assert.Equal(["Jane Doe and John Roe"], AllCreators(Xml(), 0));
        Assert.Equal(["Ann Lee"], AllCreators(Xml(), 1));
    }

    [Fact]
    public void Rss_dates_are_rfc_822_with_a_numeric_zone()
    {
        var channel = XDocument.Parse(Xml()).Root!.Element("channel")!;
        var lastBuildDate = channel.Element("lastBuildDate")?.Value;
        Assert.Equal("Sat, 21 Jun 2014 10:30:05 +0000", lastBuildDate);
        var pubDates = channel.Elements("item").Select(i => i.Element("pubDate")?.Value ?? "(missing)").ToArray();
        Assert.Equal(["Fri, 20 Jun 2014 00:00:00 +0000", "Thu, 19 Jun 2014 08:15:00 +0000"], pubDates);
        Assert.All(pubDates.Append(lastBuildDate ?? "(missing)"), d => Assert.Matches(Rfc822Pattern, d));
    }

    [Fact]
    public void Rss_guid_is_the_permanent_id_and_not_a_permalink()
    {
        var guid = XDocument.Parse(Xml()).Descendants("item").First().Element("guid")!;
        Assert.Equal(SampleFeed.Newer.Id, guid.Value);
        Assert.Equal("false", guid.Attribute("isPermaLink")?.Value);
    }

    [Fact]
    public void Rss_has_an_atom_self_link_and_no_a10_prefix()
    {
        var xml = Xml();
        var self = XDocument.Parse(xml).Root!.Element("channel")!.Elements(Atom + "link").Single();
        Assert.Equal("self", self.Attribute("rel")?.Value);
        Assert.Equal("http://127.0.0.1:5080/feeds/rss.xml", self.Attribute("href")?.Value);
        Assert.Equal("application/rss+xml", self.Attribute("type")?.Value);
        Assert.DoesNotContain("a10", xml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
    }

    [Fact]
    public void Rss_namespaces_are_declared_on_the_channel_with_their_usual_prefixes()
    {
        var rss = XDocument.Parse(Xml()).Root!;
        Assert.Equal("2.0", rss.Attribute("version")?.Value);
        var root = rss.Element("channel")!;
        Assert.Equal(Content.NamespaceName, root.GetNamespaceOfPrefix("content")?.NamespaceName);
        Assert.Equal(Dc.NamespaceName, root.GetNamespaceOfPrefix("dc")?.NamespaceName);
        Assert.Equal(Atom.NamespaceName, root.GetNamespaceOfPrefix("atom")?.NamespaceName);
    }

    [Fact]
    public void Rss_written_twice_from_the_same_document_is_byte_identical()
    {
        var format = new RssFeedFormat();
        Assert.Equal(format.Write(SampleFeed.Document, SampleFeed.SelfUri("rss.xml")), format.Write(SampleFeed.Document, SampleFeed.SelfUri("rss.xml")));
    }

    [Fact]
    public void Rss_of_an_empty_feed_is_still_valid_and_has_no_items()
    {
        var empty = SampleFeed.Document with { Updated = null, Entries = [] };
        var feed = FeedReader.ReadFromString(Xml(empty));
        Assert.Empty(feed.Items);
        Assert.Equal("FeedPublisher", feed.Title);
    }

    internal static string[] AllCreators(string xml, int itemIndex) =>
        XDocument.Parse(xml).Descendants("item").ElementAt(itemIndex).Elements(Dc + "creator").Select(e => e.Value).ToArray();
}
