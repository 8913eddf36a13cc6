using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// Where articles live, as the use cases need them: upsert a batch (or preview one), the newest published articles
/// of a scope, one by its slug, and a ping for health. SQLite is the default backend (Storage/Sqlite); another backend
/// implements the same contract with its own connection, dialect and migrations.
/// </summary>
public interface IArticleStore
{
    /// <summary>Creates or upgrades the schema. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates each article by its id in one transaction. The same content again changes nothing; new content
    /// keeps the article's slug, GUID and published time, moves its updated time and keeps the old revision.
    /// </summary>
    Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken);

    /// <summary>What <see cref="UpsertAsync"/> would do with these articles, without keeping anything.</summary>
    Task<IReadOnlyList<UpsertOutcome>> PreviewUpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken);

    /// <summary>The newest published (non-draft) articles of a scope, newest first.</summary>
    Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(ArticleScope scope, int count, CancellationToken cancellationToken);

    Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>True when the database answers a query that reads its schema.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

public enum ArticleScopeKind
{
    Site,
    Tag,
    Author,
}

/// <summary>Which articles a query is about: the whole site, those with one tag, or those by one author.</summary>
public sealed record ArticleScope(ArticleScopeKind Kind, string? Name)
{
    public static readonly ArticleScope Site = new(ArticleScopeKind.Site, null);

    public static ArticleScope Tag(string tag) => new(ArticleScopeKind.Tag, tag);

    public static ArticleScope Author(string author) => new(ArticleScopeKind.Author, author);
}

/// <summary>An article as the store keeps it: the parsed fields plus what the store decided once (slug, GUID, times).</summary>
public sealed record StoredArticle(
    string Id,
    string Guid,
    string Slug,
    string Title,
    IReadOnlyList<string> Authors,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    string Summary,
    string ContentHtml,
    IReadOnlyList<string> Tags,
    int Revision)
{
    /// <summary>The featured image: an absolute http or https URL, or null.</summary>
    public string? ImageUrl { get; init; }

    public string? ImageAlt { get; init; }
}
