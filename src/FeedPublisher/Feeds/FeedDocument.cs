namespace FeedPublisher.Feeds;

/// <summary>The one neutral feed model; each format's writer renders it. Built from the store, never from a format.</summary>
public sealed record FeedDocument(
    string Title,
    string Description,
    Uri SiteLink,
    string Language,
    DateTimeOffset? Updated,
    IReadOnlyList<FeedEntry> Entries)
{
    /// <summary>Who speaks for entries without a byline: the site, named and linked; the feed's title and link unless set.</summary>
    public string? Publisher { get; init; }

    public Uri? PublisherLink { get; init; }

    /// <summary>Its place in the RFC 5005 archive links, or null for a feed outside the archives.</summary>
    public FeedHistory? History { get; init; }
}

/// <summary>
/// RFC 5005 §4 links: an archive page is marked fh:archive and links the pages before and after it and the
/// subscription document (current); the subscription document links only the newest complete page (prev-archive).
/// </summary>
public sealed record FeedHistory(bool IsArchive, Uri? PrevArchive, Uri? NextArchive, Uri? Current);

public sealed record FeedEntry(
    string Id,
    string Title,
    Uri Link,
    IReadOnlyList<string> Authors,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    string Summary,
    string ContentHtml,
    IReadOnlyList<string> Tags)
{
    /// <summary>The featured image, or null.</summary>
    public Uri? Image { get; init; }

    /// <summary>The image's text alternative, or null.</summary>
    public string? ImageAlt { get; init; }
}
