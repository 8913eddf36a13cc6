namespace FeedPublisher.Storage;

/// <summary>
/// A batch's updates to stored articles, written together at the end of the batch (or before anything that must see
/// them): each keeps the version it replaces as a revision, then takes its new content, bylines and tags. Instants as
/// the dialect stores them.
/// </summary>
internal sealed class ArticleUpdateRows
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public List<ArticleUpdateRow> Articles { get; } = [];
    public List<AuthorRow> Authors { get; } = [];
    public List<TagRow> Tags { get; } = [];

    public int Count => Articles.Count;

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>An update with the bylines (in order) and tags it stores.</summary>
    public void Add(ArticleUpdateRow row, IReadOnlyList<string> authors, IReadOnlyList<string> tags)
    {
        _ids.Add(row.Id);
        Articles.Add(row);
        for (var position = 0; position < authors.Count; position++)
            Authors.Add(new AuthorRow(row.Id, position, authors[position]));
        foreach (var tag in tags)
            Tags.Add(new TagRow(row.Id, tag));
    }

    public void Clear()
    {
        _ids.Clear();
        Articles.Clear();
        Authors.Clear();
        Tags.Clear();
    }

    /// <summary>The version being replaced, with the authors and tags it had (one per line), into article_revisions.</summary>
    public const string KeepRevision = """
        INSERT INTO article_revisions (article_id, revision, title, authors, tags, summary, content_html, published, updated, is_draft, content_hash, source_file, stored_at, image_url, image_alt)
        SELECT id, revision, title, @OldAuthors, @OldTags, summary, content_html, published, updated, is_draft, content_hash, source_file, ingested_at, image_url, image_alt
        FROM articles WHERE id = @Id
        """;

    public const string Update = """
        UPDATE articles
        SET title = @Title, summary = @Summary, content_html = @ContentHtml, published = @Published, updated = @Updated,
            is_draft = @Hidden, publish_at = @PublishAt, image_url = @ImageUrl, image_alt = @ImageAlt, position = @Position,
            content_hash = @Hash, revision = @Revision, source_file = @SourceFileName, ingested_at = @IngestedAt
        WHERE id = @Id
        """;
}

internal sealed record ArticleUpdateRow(
    string Id, string OldAuthors, string OldTags, string Title, string Summary, string ContentHtml, object Published, object Updated,
    bool Hidden, object? PublishAt, string? ImageUrl, string? ImageAlt, long? Position, string Hash, int Revision, string SourceFileName,
    object IngestedAt);
