using System.IO.Hashing;
using System.Text;
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
                    new { version, appliedAt = Text(DateTimeOffset.UtcNow) }, transaction);
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
        var outcomes = new List<UpsertOutcome>(articles.Count);
        foreach (var article in articles)
        {
            try
            {
                outcomes.Add(await UpsertOneAsync(connection, transaction, article, ingestedAt));
            }
            catch (SqliteException ex)
            {
                throw new StorageException($"storage: could not upsert article '{article.Id}' from '{article.SourceFileName}'", ex);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<UpsertOutcome> UpsertOneAsync(SqliteConnection connection, SqliteTransaction transaction, Article article, DateTimeOffset ingestedAt)
    {
        var hash = ContentHash(article);
        var existing = await connection.QuerySingleOrDefaultAsync<ExistingRow>(
            "SELECT slug AS Slug, published AS Published, updated AS Updated, content_hash AS ContentHash, revision AS Revision FROM articles WHERE id = @Id",
            new { article.Id }, transaction);
        if (existing is not null && existing.ContentHash == hash)
            return UpsertOutcome.Unchanged;

        string slug;
        DateTimeOffset published, updated;
        int revision;
        if (existing is null)
        {
            slug = await UniqueSlugAsync(connection, transaction, article.Slug);
            published = article.Published ?? ingestedAt;
            updated = await DistinctUpdatedAsync(connection, transaction, Later(article.Updated ?? published, published));
            revision = 1;
            await connection.ExecuteAsync("""
                INSERT INTO articles (id, guid, slug, title, summary, content_html, published, updated, is_draft, content_hash, revision, source_file, ingested_at)
                VALUES (@Id, @Guid, @slug, @Title, @Summary, @ContentHtml, @published, @updated, @IsDraft, @hash, @revision, @SourceFileName, @ingestedAt)
                """,
                new { article.Id, article.Guid, slug, article.Title, article.Summary, article.ContentHtml, published = Text(published), updated = Text(updated), article.IsDraft, hash, revision, article.SourceFileName, ingestedAt = Text(ingestedAt) },
                transaction);
        }
        else
        {
            slug = existing.Slug;
            published = existing.Published;
            // The updated time only moves forward, so readers notice the change.
            updated = await DistinctUpdatedAsync(connection, transaction,
                Later(Later(article.Updated ?? ingestedAt, existing.Updated.AddTicks(TimeSpan.TicksPerSecond)), published));
            revision = existing.Revision + 1;
            await KeepRevisionAsync(connection, transaction, article.Id);
            await connection.ExecuteAsync("""
                UPDATE articles
                SET title = @Title, summary = @Summary, content_html = @ContentHtml, updated = @updated, is_draft = @IsDraft,
                    content_hash = @hash, revision = @revision, source_file = @SourceFileName, ingested_at = @ingestedAt
                WHERE id = @Id
                """,
                new { article.Id, article.Title, article.Summary, article.ContentHtml, updated = Text(updated), article.IsDraft, hash, revision, article.SourceFileName, ingestedAt = Text(ingestedAt) },
                transaction);
            await connection.ExecuteAsync("DELETE FROM article_authors WHERE article_id = @Id", new { article.Id }, transaction);
            await connection.ExecuteAsync("DELETE FROM article_tags WHERE article_id = @Id", new { article.Id }, transaction);
        }

        await connection.ExecuteAsync(
            "INSERT INTO article_authors (article_id, position, name) VALUES (@articleId, @position, @name)",
            article.Authors.Select((name, position) => new { articleId = article.Id, position, name }), transaction);
        await connection.ExecuteAsync(
            "INSERT INTO article_tags (article_id, tag) VALUES (@articleId, @tag)",
            article.Tags.Select(tag => new { articleId = article.Id, tag }), transaction);
        return existing is null ? UpsertOutcome.Inserted : UpsertOutcome.Updated;
    }

    /// <summary>
    /// Copies the version an update is about to replace into article_revisions, authors and tags included, so the
    /// history holds every earlier version while the current one lives only in articles (a first ingest writes its
    /// body once, not twice).
    /// </summary>
    private static async Task KeepRevisionAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var authors = await connection.QueryAsync<string>(
            "SELECT name FROM article_authors WHERE article_id = @id ORDER BY position", new { id }, transaction);
        var tags = await connection.QueryAsync<string>(
            "SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag", new { id }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO article_revisions (article_id, revision, title, authors, tags, summary, content_html, published, updated, is_draft, content_hash, source_file, stored_at)
            SELECT id, revision, title, @authors, @tags, summary, content_html, published, updated, is_draft, content_hash, source_file, ingested_at
            FROM articles WHERE id = @id
            """,
            new { id, authors = string.Join('\n', authors), tags = string.Join('\n', tags) }, transaction);
    }

    /// <summary>
    /// Feeds show update times to the second, and validators flag entries that share one (several articles dated the
    /// same day all say midnight). A taken second moves the time to just after the latest one taken within the hour.
    /// Two range lookups on the index, so a bulk import of one day's articles stays linear.
    /// </summary>
    private static async Task<DateTimeOffset> DistinctUpdatedAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset wanted)
    {
        var second = new DateTimeOffset(wanted.UtcTicks - wanted.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var taken = await connection.ExecuteScalarAsync<string?>(
            "SELECT updated FROM articles WHERE updated >= @from AND updated < @to LIMIT 1",
            new { from = Text(second), to = Text(second.AddSeconds(1)) }, transaction);
        if (taken is null)
            return wanted;
        var latest = await connection.ExecuteScalarAsync<string>(
            "SELECT MAX(updated) FROM articles WHERE updated >= @from AND updated < @to",
            new { from = Text(second), to = Text(second.AddHours(1)) }, transaction);
        var latestSecond = DateTimeOffsetTextHandler.ParseText(latest!);
        return new DateTimeOffset(latestSecond.UtcTicks - latestSecond.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
    }

    private static async Task<string> UniqueSlugAsync(SqliteConnection connection, SqliteTransaction transaction, string wanted)
    {
        // "x" and every "x-…": a range on the unique index ('.' sorts right after '-'), not a LIKE that scans the table.
        var taken = (await connection.QueryAsync<string>(
            "SELECT slug FROM articles WHERE slug = @wanted OR (slug > @low AND slug < @high)",
            new { wanted, low = wanted + "-", high = wanted + "." }, transaction)).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(wanted))
            return wanted;
        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted}-{n}";
            if (!taken.Contains(candidate))
                return candidate;
        }
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

    /// <summary>
    /// What makes two ingests "the same content": every stored field the file decides. A change detector, not a
    /// security check (whoever can write to the inbox can publish anyway), so a fast non-cryptographic 128-bit hash.
    /// </summary>
    internal static string ContentHash(Article article)
    {
        var canonical = string.Join('\u001F',
            article.Title, string.Join('\u001E', article.Authors), article.Published?.UtcTicks.ToString() ?? "",
            article.Updated?.UtcTicks.ToString() ?? "", article.Summary, article.ContentHtml, string.Join('\u001E', article.Tags),
            article.IsDraft ? "draft" : "published");
        return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Dapper passes DateTimeOffset parameters to the provider as they are; store them as sortable UTC text.</summary>
    private static string Text(DateTimeOffset value) => DateTimeOffsetTextHandler.ToText(value);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private sealed class ExistingRow
    {
        public string Slug { get; init; } = "";
        public DateTimeOffset Published { get; init; }
        public DateTimeOffset Updated { get; init; }
        public string ContentHash { get; init; } = "";
        public int Revision { get; init; }
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
