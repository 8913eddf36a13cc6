using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using FeedPublisher.Articles;

namespace FeedPublisher.Feeds;

/// <summary>
/// RSS 2.0. Full content goes in content:encoded and the byline in dc:creator, which RSS readers read (the library's
/// default a10:content and a10:author they ignore); the summary is the description; dates carry a numeric zone.
/// </summary>
public sealed class RssFeedFormat : IFeedFormat
{
    private static readonly XNamespace Dc = FeedNames.DublinCoreNamespace;
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;

    public string FileName => "rss.xml";
    public string ContentType => "application/rss+xml; charset=utf-8";

    public byte[] Write(FeedDocument document, Uri selfUri)
    {
        var feed = new SyndicationFeed(document.Title, document.Description, document.SiteLink)
        {
            Language = document.Language,
            Generator = $"{FeedNames.Generator} {FeedNames.GeneratorVersion}",
        };
        FeedXml.DeclareNamespace(feed, "content", FeedNames.ContentNamespace);
        FeedXml.DeclareNamespace(feed, "dc", FeedNames.DublinCoreNamespace);
        FeedXml.DeclareNamespace(feed, "atom", FeedNames.AtomNamespace);
        if (document.Entries.Any(e => e.Image is not null))
            FeedXml.DeclareNamespace(feed, "media", FeedNames.MediaNamespace);
        // The library would write this link with its own "a10" prefix, which validators flag; write atom:link ourselves.
        feed.ElementExtensions.Add(new SyndicationElementExtension(new XElement(Atom + "link",
            new XAttribute(XNamespace.Xmlns + "atom", FeedNames.AtomNamespace),
            new XAttribute("href", selfUri.AbsoluteUri), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")).CreateReader()));
        foreach (var hub in document.Hubs)
            feed.ElementExtensions.Add(new SyndicationElementExtension(new XElement(Atom + "link",
                new XAttribute(XNamespace.Xmlns + "atom", FeedNames.AtomNamespace),
                new XAttribute("href", hub.AbsoluteUri), new XAttribute("rel", "hub")).CreateReader()));
        if (document.PollInterval is { } interval)
            AddPollInterval(feed, interval);
        if (document.History is { } history)
            AddHistory(feed, history);
        if (document.Updated is { } updated)
            feed.ElementExtensions.Add(FeedXml.Element(FeedNames.RssLastBuildDate, FeedXml.Rfc822(updated)));
        feed.Items = document.Entries.Select(ToItem).ToArray();
        return FeedXml.Render(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false));
    }

    /// <summary>The interval readers should poll at, as RSS's ttl (minutes) and as the Syndication module says it.</summary>
    private static void AddPollInterval(SyndicationFeed feed, PollInterval interval)
    {
        XNamespace sy = PollInterval.SyndicationNamespace;
        FeedXml.DeclareNamespace(feed, "sy", PollInterval.SyndicationNamespace);
        feed.ElementExtensions.Add(FeedXml.Element(FeedNames.RssTtl, interval.TtlMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        feed.ElementExtensions.Add(FeedXml.Element(sy + "updatePeriod", interval.UpdatePeriod, "sy"));
        feed.ElementExtensions.Add(FeedXml.Element(sy + "updateFrequency", interval.UpdateFrequency.ToString(System.Globalization.CultureInfo.InvariantCulture), "sy"));
    }

    /// <summary>RFC 5005 Appendix B: an RSS archive carries the same links as atom:link in the channel.</summary>
    private static void AddHistory(SyndicationFeed feed, FeedHistory history)
    {
        foreach (var (rel, uri) in new[] { (FeedNames.PrevArchive, history.PrevArchive), (FeedNames.NextArchive, history.NextArchive), (FeedNames.Current, history.Current) })
        {
            if (uri is not null)
                feed.ElementExtensions.Add(new SyndicationElementExtension(new XElement(Atom + "link",
                    new XAttribute(XNamespace.Xmlns + "atom", FeedNames.AtomNamespace),
                    new XAttribute("href", uri.AbsoluteUri), new XAttribute("rel", rel), new XAttribute("type", "application/rss+xml")).CreateReader()));
        }
        if (history.IsArchive)
        {
            FeedXml.DeclareNamespace(feed, "fh", FeedNames.HistoryNamespace);
            feed.ElementExtensions.Add(FeedXml.EmptyElement(XName.Get(FeedNames.HistoryArchive, FeedNames.HistoryNamespace), "fh"));
        }
    }

    private static SyndicationItem ToItem(FeedEntry entry)
    {
        var item = new RssItem(entry)
        {
            Id = entry.Id,
            Title = new TextSyndicationContent(entry.Title),
            Summary = entry.Summary.Length > 0 ? new TextSyndicationContent(entry.Summary) : null,
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(entry.Link));
        foreach (var tag in entry.Tags)
            item.Categories.Add(new SyndicationCategory(tag));
        // One dc:creator with the whole byline: readers such as newsboat show only one of several.
        if (entry.Authors.Count > 0)
            item.ElementExtensions.Add(FeedXml.Element(Dc + FeedNames.DcCreator, Byline.Format(entry.Authors), "dc"));
        item.ElementExtensions.Add(FeedXml.Element(FeedNames.RssPubDate, FeedXml.Rfc822(entry.Published)));
        return item;
    }

    /// <summary>
    /// An item that writes its content:encoded and media:content itself, after the other extensions. Given to the
    /// library as element extensions, each article's HTML would first be copied into an XML buffer of the library's
    /// own and read back out of it when written: that cost more than writing the rest of the feed.
    /// </summary>
    private sealed class RssItem(FeedEntry entry) : SyndicationItem
    {
        protected override void WriteElementExtensions(XmlWriter writer, string version)
        {
            base.WriteElementExtensions(writer, version);
            if (entry.ContentHtml.Length > 0)
                writer.WriteElementString("content", FeedNames.ContentEncoded, FeedNames.ContentNamespace, entry.ContentHtml);
            if (entry.Image is { } image)
                WriteMediaContent(writer, image, entry.ImageAlt);
        }
    }

    /// <summary>Media RSS: the featured image, with its text alternative as a plain description.</summary>
    private static void WriteMediaContent(XmlWriter writer, Uri image, string? alt)
    {
        writer.WriteStartElement("media", FeedNames.MediaContent, FeedNames.MediaNamespace);
        writer.WriteAttributeString("url", image.AbsoluteUri);
        writer.WriteAttributeString("medium", "image");
        if (ImageTypes.Of(image) is { } type)
            writer.WriteAttributeString("type", type);
        if (!string.IsNullOrEmpty(alt))
        {
            writer.WriteStartElement("media", FeedNames.MediaDescription, FeedNames.MediaNamespace);
            writer.WriteAttributeString("type", "plain");
            writer.WriteString(alt);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }
}
