using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// Where articles live. Small on purpose: SQLite is the default; a PostgreSQL store implements the same contract
/// with the same portable SQL.
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

    /// <summary>
    /// Runs the write path once for <paramref name="sample"/> and rolls it back, so the first real batch after a start
    /// does not wait for the JIT. Nothing is kept.
    /// </summary>
    Task WarmUpAsync(Article sample, CancellationToken cancellationToken);

    /// <summary>The newest published (non-draft) articles, newest first.</summary>
    Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(int count, CancellationToken cancellationToken);

    Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
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
    int Revision);
