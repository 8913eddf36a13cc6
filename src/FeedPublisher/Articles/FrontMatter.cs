namespace FeedPublisher.Articles;

/// <summary>The YAML block between <c>---</c> lines at the top of a file. Every field is optional.</summary>
public sealed record FrontMatter
{
    public static readonly FrontMatter None = new();

    public string? Title { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public FrontMatterValue? Date { get; init; }
    public FrontMatterValue? Updated { get; init; }
    public string? Id { get; init; }
    public string? Slug { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Summary { get; init; }
    public bool Draft { get; init; }
    public FrontMatterValue? Image { get; init; }
    public string? ImageAlt { get; init; }

    /// <summary><c>retracted: true</c>: take the article back from every feed (RFC 6721), with an optional reason.</summary>
    public bool Retracted { get; init; }

    public string? RetractionReason { get; init; }
}

/// <summary>A scalar with the file line it came from, so a bad value can be reported where it is.</summary>
public sealed record FrontMatterValue(string Text, int Line);
