namespace FeedPublisher.Storage;

/// <summary>A batch's new articles, their bylines and tags, as rows to insert together; instants as the dialect stores them.</summary>
internal sealed class NewArticleRows
{
    public List<NewArticleRow> Articles { get; } = [];
    public List<AuthorRow> Authors { get; } = [];
    public List<TagRow> Tags { get; } = [];

    public int Count => Articles.Count;

    public void Clear()
    {
        Articles.Clear();
        Authors.Clear();
        Tags.Clear();
    }
}

internal sealed record NewArticleRow(
    string Id, string Guid, string Slug, string Title, string Summary, string ContentHtml, object Published, object Updated,
    bool IsDraft, string Hash, string SourceFileName, object IngestedAt, string? ImageUrl, string? ImageAlt, long? Position, object? PublishAt);

internal sealed record AuthorRow(string ArticleId, int Position, string Name);

internal sealed record TagRow(string ArticleId, string Tag);
