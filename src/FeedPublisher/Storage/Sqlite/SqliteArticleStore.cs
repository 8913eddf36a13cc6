using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FeedPublisher.Storage.Sqlite;

/// <summary>The default store: Dapper over Microsoft.Data.Sqlite, in WAL mode, one database file.</summary>
public sealed class SqliteArticleStore(SqliteConnectionFactory connections, ILogger<SqliteArticleStore> logger)
    : RelationalArticleStore(SqliteDialect.Instance)
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await connections.OpenAsync(cancellationToken);

    public override async Task MigrateAsync(CancellationToken cancellationToken)
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
        await RefuseNewerSchemaAsync(connection, SqliteMigrations.All[^1].Version, connections.DatabasePath);
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
            await new ScopeNames(connection, transaction, Dialect).BackfillAsync();
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public override async Task<string?> FindSettingAsync(string name, CancellationToken cancellationToken)
    {
        if (!File.Exists(connections.DatabasePath))
            return null;
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A database from before migration 7 has recorded nothing yet.
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'publication_settings'") == 0)
            return null;
        return await ArticleQueries.FindSettingAsync(connection, name);
    }

    public override async Task<bool> PingAsync(CancellationToken cancellationToken)
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
