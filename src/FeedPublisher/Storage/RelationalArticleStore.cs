using System.Data.Common;
using Dapper;
using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// The store contract over any database Dapper reaches: every read and write is the shared SQL of this folder, worded
/// by the backend's <see cref="ISqlDialect"/>. A backend supplies its connections, how a write transaction begins (the
/// place for a lock), its migrations and the questions only it can answer (does the schema exist, is it reachable).
/// </summary>
public abstract class RelationalArticleStore : IArticleStore, IStoreChangeLog
{
    private readonly ArticleQueries _queries;

    private protected RelationalArticleStore(ISqlDialect dialect)
    {
        Dialect = dialect;
        _queries = new ArticleQueries(dialect);
    }

    private protected ISqlDialect Dialect { get; }

    /// <summary>This process, in the change log: a host name and process id are enough to tell its writes from others'.</summary>
    public string Writer { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    public abstract Task<string?> FindSettingAsync(string name, CancellationToken cancellationToken);

    public abstract Task<bool> PingAsync(CancellationToken cancellationToken);

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction that writes articles. Writers take turns here: slugs, update times, archive positions and
    /// the change log's order are decided by reading what is stored, which only one writer at a time may do.
    /// </summary>
    protected virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public Task<UpsertResults> UpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken) =>
        WriteAsync(articles, ingestedAt, keep: true, cancellationToken);

    public Task<UpsertResults> PreviewUpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken) =>
        WriteAsync(articles, ingestedAt, keep: false, cancellationToken);

    private async Task<UpsertResults> WriteAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, bool keep, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
            return UpsertResults.None;
        return await CancellableAsync(() => WriteBatchAsync(articles, ingestedAt, keep, cancellationToken), cancellationToken);
    }

    private async Task<UpsertResults> WriteBatchAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, bool keep, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var outcomes = await new ArticleBatchWriter(connection, transaction, Dialect, ingestedAt).WriteAsync(articles);
        if (keep)
        {
            await StoreChangeRows.RecordAsync(connection, transaction, Dialect, Writer, ingestedAt, outcomes);
            await transaction.CommitAsync(cancellationToken);
        }
        else
            await transaction.RollbackAsync(cancellationToken);
        return outcomes;
    }

    public Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(ArticleScope scope, int skip, int count, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.NewestPublishedAsync(connection, scope, skip, count), cancellationToken);

    public Task<IReadOnlyList<StoredArticle>> GetByPositionAsync(long first, long last, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.ByPositionAsync(connection, first, last), cancellationToken);

    public Task<IReadOnlyList<StoredArticle>> GetRecentlyRevisedAsync(int count, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.RecentlyRevisedAsync(connection, count), cancellationToken);

    public Task<long> GetLastPositionAsync(CancellationToken cancellationToken) =>
        ReadAsync(ArticleQueries.LastPositionAsync, cancellationToken);

    public Task<ScopeName?> FindScopeAsync(ArticleScopeKind kind, string slug, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.ScopeBySlugAsync(connection, kind, slug), cancellationToken);

    public Task<ScopeName?> FindScopeByNameAsync(ArticleScopeKind kind, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.ScopeByNameAsync(connection, kind, name), cancellationToken);

    public Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(ArticleScopeKind kind, IReadOnlyCollection<string>? names, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.ScopesAsync(connection, kind, names), cancellationToken);

    public Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.PublishedBySlugAsync(connection, slug), cancellationToken);

    public Task<IReadOnlyList<StoredArticle>> GetNewestWithRetractedAsync(ArticleScope scope, int count, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.NewestPublishedAsync(connection, scope, 0, count, orRetracted: true), cancellationToken);

    public Task<StoredArticle?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.BySlugAsync(connection, slug), cancellationToken);

    public Task<IReadOnlyList<Tombstone>> GetRetractedSinceAsync(ArticleScope scope, DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.RetractedSinceAsync(connection, scope, since), cancellationToken);

    public Task<IReadOnlyList<StoredArticle>> GetHeldAsync(int count, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.HeldAsync(connection, count), cancellationToken);

    public Task<StoredArticle?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync(connection => _queries.ByIdAsync(connection, id), cancellationToken);

    public Task<IReadOnlyList<ArticleRevision>> GetRevisionsAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync(connection => ArticleQueries.RevisionsAsync(connection, id), cancellationToken);

    public Task<string> KeepSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        ReadAsync(connection => ArticleQueries.KeepSettingAsync(connection, name, value), cancellationToken);

    public Task<long> LatestAsync(CancellationToken cancellationToken) => ReadAsync(StoreChangeRows.LatestAsync, cancellationToken);

    public Task<IReadOnlyList<StoreChange>> SinceAsync(long sequence, int limit, CancellationToken cancellationToken) =>
        ReadAsync(connection => StoreChangeRows.SinceAsync(connection, sequence, limit), cancellationToken);

    public async Task<DateTimeOffset?> GetNextEmbargoAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await new ArticleEmbargoes(connection, transaction, Dialect).NextDueAsync();
    }

    public async Task<UpsertResults> PublishDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await ChangeAsync(now, async (connection, transaction) =>
            (UpsertResults?)await new ArticleEmbargoes(connection, transaction, Dialect).PublishDueAsync(now), cancellationToken)
        ?? UpsertResults.None;

    public Task<UpsertResults?> RetractAsync(string id, Retraction retraction, string how, CancellationToken cancellationToken) =>
        ChangeAsync(retraction.At, (connection, transaction) =>
            new ArticleRetractions(connection, transaction, Dialect).RetractAsync(id, retraction, how), cancellationToken);

    public Task<UpsertResults?> RestoreAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(at, (connection, transaction) =>
            new ArticleRetractions(connection, transaction, Dialect).RestoreAsync(id, at), cancellationToken);

    /// <summary>One change in one transaction, with its entry in the change log when it changed anything.</summary>
    private Task<UpsertResults?> ChangeAsync(
        DateTimeOffset at, Func<DbConnection, DbTransaction, Task<UpsertResults?>> change, CancellationToken cancellationToken) =>
        CancellableAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            var results = await change(connection, transaction);
            if (results is not null)
                await StoreChangeRows.RecordAsync(connection, transaction, Dialect, Writer, at, results);
            await transaction.CommitAsync(cancellationToken);
            return results;
        }, cancellationToken);

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        CancellableAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await read(connection);
        }, cancellationToken);

    /// <summary>
    /// A statement that cancellation interrupted (SQLite answers "query aborted", also inside the batch writer's own
    /// StorageException) is that cancellation, not a fault of the store: callers that stop quietly on cancellation then
    /// stop quietly here too.
    /// </summary>
    private static async Task<T> CancellableAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (ex is DbException or StorageException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("storage: a statement was interrupted by cancellation", ex, cancellationToken);
        }
    }

    /// <summary>The newest schema version recorded; a newer one than this build knows is refused, not guessed at.</summary>
    protected static async Task RefuseNewerSchemaAsync(DbConnection connection, int newestKnown, string database, DbTransaction? transaction = null)
    {
        var recorded = await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations", transaction: transaction) ?? 0;
        if (recorded > newestKnown)
            throw new NewerSchemaException(
                $"storage: {database} has schema version {recorded}, newer than this FeedPublisher knows ({newestKnown}). "
                + "A newer version of FeedPublisher wrote it: run that version (or newer), or restore a backup taken before the upgrade.");
    }
}
