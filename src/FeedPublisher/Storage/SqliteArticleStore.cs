using Dapper;
using FeedPublisher.Articles;
using Microsoft.Data.Sqlite;

namespace FeedPublisher.Storage;

/// <summary>The default store: Dapper over Microsoft.Data.Sqlite, in WAL mode.</summary>
public sealed class SqliteArticleStore : IArticleStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly ILogger<SqliteArticleStore> _logger;

    public SqliteArticleStore(SqliteConnectionFactory connections, ILogger<SqliteArticleStore> logger)
    {
        DateTimeOffsetTextHandler.Register();
        _connections = connections;
        _logger = logger;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        // WAL lets the feed job read while the inbox writes; the setting is kept in the database file.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT    NOT NULL
            );
            """);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        foreach (var (version, description, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)",
                    new { version, appliedAt = DateTimeOffsetTextHandler.ToText(DateTimeOffset.UtcNow) }, transaction);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException($"storage: could not apply migration {version} ({description}) to {_connections.DatabasePath}", ex);
            }
            _logger.LogInformation("Applied storage migration {Version}: {Description}", version, description);
        }
    }

    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(
        IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
            return [];
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var outcomes = await new ArticleBatchWriter(connection, transaction, ingestedAt).WriteAsync(articles);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    public async Task WarmUpAsync(Article sample, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await new ArticleBatchWriter(connection, transaction, DateTimeOffset.UtcNow).WriteAsync([sample]);
        await transaction.RollbackAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ArticleRow>(
            $"{SelectArticle} WHERE is_draft = 0 ORDER BY published DESC, id LIMIT @count", new { count })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    public async Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE slug = @slug AND is_draft = 0", new { slug })).AsList();
        return (await WithAuthorsAndTagsAsync(connection, rows)).SingleOrDefault();
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM articles");
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken, pooled: false);
            // Reads the schema, so an unreadable or corrupt file fails here and not only on first use.
            return await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") is > 0;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    private const string SelectArticle = """
        SELECT id AS Id, guid AS Guid, slug AS Slug, title AS Title, published AS Published, updated AS Updated,
               summary AS Summary, content_html AS ContentHtml, revision AS Revision
        FROM articles
        """;

    private static async Task<IReadOnlyList<StoredArticle>> WithAuthorsAndTagsAsync(SqliteConnection connection, List<ArticleRow> rows)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var authors = (await connection.QueryAsync<(string ArticleId, string Name)>(
                "SELECT article_id, name FROM article_authors WHERE article_id IN @ids ORDER BY article_id, position", new { ids }))
            .ToLookup(a => a.ArticleId, a => a.Name);
        var tags = (await connection.QueryAsync<(string ArticleId, string Tag)>(
                "SELECT article_id, tag FROM article_tags WHERE article_id IN @ids ORDER BY article_id, tag", new { ids }))
            .ToLookup(t => t.ArticleId, t => t.Tag);
        return rows.Select(r => new StoredArticle(
            r.Id, r.Guid, r.Slug, r.Title, authors[r.Id].ToArray(), r.Published, r.Updated, r.Summary, r.ContentHtml, tags[r.Id].ToArray(), r.Revision))
            .ToArray();
    }


    private sealed class ArticleRow
    {
        public string Id { get; init; } = "";
        public string Guid { get; init; } = "";
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTimeOffset Published { get; init; }
        public DateTimeOffset Updated { get; init; }
        public string Summary { get; init; } = "";
        public string ContentHtml { get; init; } = "";
        public int Revision { get; init; }
    }
}
