namespace FeedPublisher.Articles;

/// <summary>An article as parsed from one inbox file: the one model that passes from Articles to Storage.</summary>
/// <param name="Id">Stable identity: front-matter <c>id</c>, else the file name stem. A re-export updates the same article.</param>
/// <param name="Slug">The slug the article asks for (front matter or title); Storage makes it unique and keeps it stable.</param>
/// <param name="Guid">The permanent feed id minted for a new article (a tag: URI); Storage keeps the first one.</param>
/// <param name="Published">The article's own date; null when it has none, and Storage uses the ingest time.</param>
/// <param name="Updated">Front-matter <c>updated</c>, when the article states one.</param>
/// <param name="ContentHtml">Sanitized HTML with absolute URLs.</param>
public sealed record Article(
    string Id,
    string Slug,
    string Guid,
    string Title,
    IReadOnlyList<string> Authors,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string Summary,
    string ContentHtml,
    IReadOnlyList<string> Tags,
    bool IsDraft,
    string SourceFileName)
{
    /// <summary>The featured image: an absolute http or https URL, or null.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>The featured image's text alternative, as plain text; null when none was given.</summary>
    public string? ImageAlt { get; init; }

    /// <summary>The file asks for the article to be retracted (front matter <c>retracted: true</c>).</summary>
    public bool Retracted { get; init; }

    /// <summary>Why, in plain text, when the file says (<c>retraction_reason:</c>).</summary>
    public string? RetractionReason { get; init; }
}
