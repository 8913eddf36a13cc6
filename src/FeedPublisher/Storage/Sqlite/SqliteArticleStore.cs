using Dapper;
using FeedPublisher.Articles;
using Microsoft.Data.Sqlite;

namespace FeedPublisher.Storage.Sqlite;

/// <summary>The default store: Dapper over Microsoft.Data.Sqlite, in WAL mode.</summary>
public sealed class SqliteArticleStore(SqliteConnectionFactory connections, ILogger<SqliteArticleStore> logger) : IArticleStore, IStoreChangeLog
{
    /// <summary>This process, in the change log: a host name and process id are enough to tell its writes from others'.</summary>
    public string Writer { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private readonly ArticleQueries _queries = new(SqliteDialect.Instance);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // WAL lets the feed job read while the inbox writes; the setting is kept in the database file.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT    NOT NULL
            );
            """);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        foreach (var (version, description, sql) in SqliteMigrations.All.Where(m => !applied.Contains(m.Version)))
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
                throw new InvalidOperationException($"storage: could not apply migration {version} ({description}) to {connections.DatabasePath}", ex);
            }
            logger.LogInformation("Applied storage migration {Version}: {Description}", version, description);
        }
        // Names stored before tags and authors had slugs get theirs now; a no-op once they have.
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await new ScopeNames(connection, transaction, SqliteDialect.Instance).BackfillAsync();
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public Task<UpsertResults> UpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken) =>
        WriteAsync(articles, ingestedAt, keep: true, cancellationToken);

    public Task<UpsertResults> PreviewUpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken) =>
        WriteAsync(articles, ingestedAt, keep: false, cancellationToken);

    private async Task<UpsertResults> WriteAsync(
        IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, bool keep, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
            return UpsertResults.None;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcomes = await new ArticleBatchWriter(connection, transaction, SqliteDialect.Instance, ingestedAt).WriteAsync(articles);
        if (keep)
        {
            await StoreChangeRows.RecordAsync(connection, transaction, SqliteDialect.Instance, Writer, ingestedAt, outcomes);
            await transaction.CommitAsync(cancellationToken);
        }
        else
            await transaction.RollbackAsync(cancellationToken);
        return outcomes;
    }

    public async Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(ArticleScope scope, int skip, int count, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.NewestPublishedAsync(connection, scope, skip, count);
    }

    public async Task<IReadOnlyList<StoredArticle>> GetByPositionAsync(long first, long last, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.ByPositionAsync(connection, first, last);
    }

    public async Task<IReadOnlyList<StoredArticle>> GetRecentlyRevisedAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.RecentlyRevisedAsync(connection, count);
    }

    public async Task<long> GetLastPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ArticleQueries.LastPositionAsync(connection);
    }

    public async Task<ScopeName?> FindScopeAsync(ArticleScopeKind kind, string slug, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.ScopeBySlugAsync(connection, kind, slug);
    }

    public async Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(
        ArticleScopeKind kind, IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.ScopesAsync(connection, kind, names);
    }

    public async Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.PublishedBySlugAsync(connection, slug);
    }

    public async Task<IReadOnlyList<StoredArticle>> GetNewestWithRetractedAsync(ArticleScope scope, int count, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.NewestPublishedAsync(connection, scope, 0, count, orRetracted: true);
    }

    public async Task<StoredArticle?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.BySlugAsync(connection, slug);
    }

    public async Task<IReadOnlyList<Tombstone>> GetRetractedSinceAsync(ArticleScope scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.RetractedSinceAsync(connection, scope, since);
    }

    public async Task<IReadOnlyList<StoredArticle>> GetHeldAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.HeldAsync(connection, count);
    }

    public async Task<DateTimeOffset?> GetNextEmbargoAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await new ArticleEmbargoes(connection, transaction, SqliteDialect.Instance).NextDueAsync();
    }

    public async Task<UpsertResults> PublishDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await ChangeAsync(now, async (connection, transaction) =>
            (UpsertResults?)await new ArticleEmbargoes(connection, transaction, SqliteDialect.Instance).PublishDueAsync(now), cancellationToken)
        ?? UpsertResults.None;

    public Task<UpsertResults?> RetractAsync(string id, Retraction retraction, string how, CancellationToken cancellationToken) =>
        ChangeAsync(retraction.At, (connection, transaction) =>
            new ArticleRetractions(connection, transaction, SqliteDialect.Instance).RetractAsync(id, retraction, how), cancellationToken);

    public Task<UpsertResults?> RestoreAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(at, (connection, transaction) =>
            new ArticleRetractions(connection, transaction, SqliteDialect.Instance).RestoreAsync(id, at), cancellationToken);

    /// <summary>One change in one transaction, with its entry in the change log when it changed anything.</summary>
    private async Task<UpsertResults?> ChangeAsync(
        DateTimeOffset at, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<UpsertResults?>> change, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var results = await change(connection, transaction);
        if (results is not null)
            await StoreChangeRows.RecordAsync(connection, transaction, SqliteDialect.Instance, Writer, at, results);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    public async Task<StoredArticle?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await _queries.ByIdAsync(connection, id);
    }

    public async Task<IReadOnlyList<ArticleRevision>> GetRevisionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ArticleQueries.RevisionsAsync(connection, id);
    }

    public async Task<string> KeepSettingAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ArticleQueries.KeepSettingAsync(connection, name, value);
    }

    public async Task<string?> FindSettingAsync(string name, CancellationToken cancellationToken)
    {
        if (!File.Exists(connections.DatabasePath))
            return null;
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A database from before migration 7 has recorded nothing yet.
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'publication_settings'") == 0)
            return null;
        return await ArticleQueries.FindSettingAsync(connection, name);
    }

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await StoreChangeRows.LatestAsync(connection);
    }

    public async Task<IReadOnlyList<StoreChange>> SinceAsync(long sequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await StoreChangeRows.SinceAsync(connection, sequence, limit);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken, pooled: false);
            // Reads the schema, so an unreadable or corrupt file fails here and not only on first use.
            return await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") is > 0;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}
