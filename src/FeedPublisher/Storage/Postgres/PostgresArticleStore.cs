using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FeedPublisher.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, for several instances on one database: Dapper over an <see cref="NpgsqlDataSource"/>. Writes
/// take a transaction-scoped advisory lock, so two instances never decide a slug, an update time, an archive position
/// or a change-log number from the same reading; the migrations run under a session-scoped one.
/// </summary>
public sealed class PostgresArticleStore(NpgsqlDataSource dataSource, ILogger<PostgresArticleStore> logger)
    : RelationalArticleStore(PostgresDialect.Instance)
{
    private string Database => $"the PostgreSQL database '{new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database}'";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@ns, @key)",
            new { ns = PostgresLocks.Namespace, key = PostgresLocks.ArticleWrites }, transaction);
        return transaction;
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Instances that start together wait here for the first; each then finds the steps applied.
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@ns, @key)", new { ns = PostgresLocks.Namespace, key = PostgresLocks.Migrations });
        try
        {
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL
                );
                """);
            await RefuseNewerSchemaAsync(connection, PostgresMigrations.All[^1].Version, Database);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
            foreach (var (version, description, sql) in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
            {
                // The step and its row commit together, or neither does.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                try
                {
                    await connection.ExecuteAsync(sql, transaction: transaction);
                    await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, now())", new { version }, transaction);
                    await transaction.CommitAsync(cancellationToken);
                }
                catch (PostgresException ex)
                {
                    throw new InvalidOperationException($"storage: could not apply migration {version} ({description}) to {Database}: {ex.MessageText}", ex);
                }
                logger.LogInformation("Applied storage migration {Version}: {Description}", version, description);
            }
            // Names written without a slug (by hand, or by a tool) get theirs, as on SQLite; a no-op otherwise.
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await new ScopeNames(connection, transaction, Dialect).BackfillAsync();
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@ns, @key)", new { ns = PostgresLocks.Namespace, key = PostgresLocks.Migrations });
        }
    }

    public override async Task<string?> FindSettingAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<string?>("SELECT to_regclass('publication_settings')::text") is null)
            return null;
        return await ArticleQueries.FindSettingAsync(connection, name);
    }

    public override async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") is > 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }
}
