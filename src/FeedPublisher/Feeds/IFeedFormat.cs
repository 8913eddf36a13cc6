namespace FeedPublisher.Feeds;

/// <summary>One feed format: how it is named, served and written. Add a format by adding an implementation.</summary>
public interface IFeedFormat
{
    /// <summary>File name under the feeds folder, also the URL's last segment: <c>/feeds/{FileName}</c>.</summary>
    string FileName { get; }

    /// <summary>Media type with charset, as served over HTTP.</summary>
    string ContentType { get; }

    /// <summary>Whether the format carries RFC 5005 archive pages (the XML formats do; JSON Feed has no such links).</summary>
    bool CarriesArchives => true;

    /// <summary>Renders the document; the same document always gives the same bytes.</summary>
    byte[] Write(FeedDocument document, Uri selfUri);
}
