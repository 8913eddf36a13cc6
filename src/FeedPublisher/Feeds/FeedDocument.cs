namespace FeedPublisher.Feeds;

/// <summary>The one neutral feed model; each format's writer renders it. Built from the store, never from a format.</summary>
public sealed record FeedDocument(
    string Title,
    string Description,
    Uri SiteLink,
    string Language,
    DateTimeOffset? Updated,
    IReadOnlyList<FeedEntry> Entries);

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
