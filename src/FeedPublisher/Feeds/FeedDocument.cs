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

    /// <summary>Entries it carried that were taken back (RFC 6721), newest first; only Atom can say so.</summary>
    public IReadOnlyList<FeedTombstone> Tombstones { get; init; } = [];

    /// <summary>How often readers should poll (RSS ttl, sy:update*); null for a document that does not change, an archive page.</summary>
    public PollInterval? PollInterval { get; init; }

    /// <summary>The WebSub hubs it advertises (rel="hub"); none on an archive page.</summary>
    public IReadOnlyList<Uri> Hubs { get; init; } = [];

    /// <summary>Equal field by field, entries included: equal documents render to the same bytes in every format.</summary>
    public bool Equals(FeedDocument? other) =>
        other is not null && Title == other.Title && Description == other.Description && SiteLink == other.SiteLink
        && Language == other.Language && Updated.HasValue == other.Updated.HasValue
        && (Updated is not { } updated || updated.EqualsExact(other.Updated!.Value)) && Publisher == other.Publisher
        && PublisherLink == other.PublisherLink && History == other.History && Entries.SequenceEqual(other.Entries)
        && Tombstones.SequenceEqual(other.Tombstones) && PollInterval == other.PollInterval && Hubs.SequenceEqual(other.Hubs);

    public override int GetHashCode() => HashCode.Combine(Title, Updated, Entries.Count);
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

    public bool Equals(FeedEntry? other) =>
        other is not null && Id == other.Id && Title == other.Title && Link == other.Link && Published.EqualsExact(other.Published)
        && Updated.EqualsExact(other.Updated) && Summary == other.Summary && ContentHtml == other.ContentHtml && Image == other.Image
        && ImageAlt == other.ImageAlt && Authors.SequenceEqual(other.Authors) && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Id, Updated);
}

/// <summary>An entry taken back (RFC 6721 at:deleted-entry): its atom:id, when, by whom and why.</summary>
public sealed record FeedTombstone(string Ref, DateTimeOffset When, string? By, string? Comment);
