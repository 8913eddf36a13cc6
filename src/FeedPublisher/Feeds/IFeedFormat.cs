namespace FeedPublisher.Feeds;

/// <summary>One feed format: how it is named, served and written. Add a format by adding an implementation.</summary>
public interface IFeedFormat
{
    /// <summary>File name under the feeds folder, also the URL's last segment: <c>/feeds/{FileName}</c>.</summary>
    string FileName { get; }

    /// <summary>Media type with charset, as served over HTTP.</summary>
    string ContentType { get; }

    /// <summary>Renders the document; the same document always gives the same bytes.</summary>
    byte[] Write(FeedDocument document, Uri selfUri);
}
