using System.ServiceModel.Syndication;
using System.Xml.Linq;

namespace FeedPublisher.Feeds;

/// <summary>Atom 1.0 (RFC 4287): full HTML content, per-entry authors, the site as the fallback author.</summary>
public sealed class AtomFeedFormat : IFeedFormat
{
    /// <summary>Atom requires an updated time even for an empty feed; a fixed one keeps the bytes stable.</summary>
    private static readonly DateTimeOffset EmptyFeedUpdated = DateTimeOffset.UnixEpoch;

    public string FileName => "atom.xml";
    public string ContentType => "application/atom+xml; charset=utf-8";

    public byte[] Write(FeedDocument document, Uri selfUri)
    {
        var feed = new SyndicationFeed(document.Title, document.Description, document.SiteLink)
        {
            Id = selfUri.AbsoluteUri,
            Language = document.Language,
            Generator = FeedNames.Generator,
            LastUpdatedTime = document.Updated ?? EmptyFeedUpdated,
        };
        feed.Links.Add(new SyndicationLink(selfUri, "self", null, "application/atom+xml", 0));
        foreach (var hub in document.Hubs)
            feed.Links.Add(new SyndicationLink(hub, FeedNames.Hub, null, null, 0));
        if (document.History is { } history)
            AddHistory(feed, history);
        // An entry without a byline still needs an author: the site speaks for it.
        feed.Authors.Add(new SyndicationPerson(null, document.Publisher ?? document.Title, (document.PublisherLink ?? document.SiteLink).AbsoluteUri));
        feed.Items = document.Entries.Select(ToEntry).ToArray();
        AddTombstones(feed, document.Tombstones);
        return FeedXml.Render(new Atom10FeedFormatter(feed));
    }

    /// <summary>RFC 5005 §4: the archive links, and fh:archive on an archive page.</summary>
    private static void AddHistory(SyndicationFeed feed, FeedHistory history)
    {
        foreach (var (rel, uri) in new[] { (FeedNames.PrevArchive, history.PrevArchive), (FeedNames.NextArchive, history.NextArchive), (FeedNames.Current, history.Current) })
        {
            if (uri is not null)
                feed.Links.Add(new SyndicationLink(uri, rel, null, "application/atom+xml", 0));
        }
        if (history.IsArchive)
        {
            FeedXml.DeclareNamespace(feed, "fh", FeedNames.HistoryNamespace);
            feed.ElementExtensions.Add(FeedXml.EmptyElement(XName.Get(FeedNames.HistoryArchive, FeedNames.HistoryNamespace), "fh"));
        }
    }

    /// <summary>
    /// RFC 6721: an at:deleted-entry, a child of atom:feed, for each entry taken back: ref its atom:id, when the
    /// retraction's time, at:by who retracted it and at:comment why, when they are known.
    /// </summary>
    private static void AddTombstones(SyndicationFeed feed, IReadOnlyList<FeedTombstone> tombstones)
    {
        if (tombstones.Count == 0)
            return;
        XNamespace at = FeedNames.TombstonesNamespace;
        FeedXml.DeclareNamespace(feed, "at", FeedNames.TombstonesNamespace);
        foreach (var tombstone in tombstones)
        {
            var element = new XElement(at + "deleted-entry",
                new XAttribute(XNamespace.Xmlns + "at", FeedNames.TombstonesNamespace),
                new XAttribute("ref", tombstone.Ref),
                new XAttribute("when", tombstone.When.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            if (tombstone.By is { Length: > 0 } by)
                element.Add(new XElement(at + "by", new XElement(XName.Get("name", FeedNames.AtomNamespace), by)));
            if (tombstone.Comment is { Length: > 0 } comment)
                element.Add(new XElement(at + "comment", comment));
            feed.ElementExtensions.Add(new SyndicationElementExtension(element.CreateReader()));
        }
    }

    private static SyndicationItem ToEntry(FeedEntry entry)
    {
        var item = new SyndicationItem
        {
            Id = entry.Id,
            Title = new TextSyndicationContent(entry.Title),
            // Validators flag a blank summary; an entry with content needs none.
            Summary = entry.Summary.Length > 0 ? new TextSyndicationContent(entry.Summary) : null,
            // Summary-only feeds have no content; the alternate link below is what RFC 4287 then asks for.
            Content = entry.ContentHtml.Length > 0 ? new TextSyndicationContent(entry.ContentHtml, TextSyndicationContentKind.Html) : null,
            PublishDate = entry.Published.ToUniversalTime(),
            LastUpdatedTime = entry.Updated.ToUniversalTime(),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(entry.Link, "text/html"));
        if (entry.Image is { } image)
            item.Links.Add(new SyndicationLink(image, "enclosure", entry.ImageAlt, ImageTypes.Of(image), 0));
        foreach (var author in entry.Authors)
            item.Authors.Add(new SyndicationPerson(null, author, null));
        foreach (var tag in entry.Tags)
            item.Categories.Add(new SyndicationCategory(tag));
        return item;
    }
}
