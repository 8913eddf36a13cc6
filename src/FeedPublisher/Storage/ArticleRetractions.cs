using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>
/// Retracting and restoring, the same on every backend. Nothing is deleted: a retraction marks the article (what is in
/// force) and adds a row to <c>article_retractions</c> (every retraction there has been, and its restore).
/// </summary>
internal sealed class ArticleRetractions(DbConnection connection, DbTransaction transaction, ISqlDialect dialect)
{
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public long? Position { get; init; }
        public DateTimeOffset? RetractedAt { get; init; }
        public DateTimeOffset Updated { get; init; }
    }

    /// <returns>Null when no article has the id; what it touched (nothing, when it was retracted already).</returns>
    public async Task<UpsertResults?> RetractAsync(string id, Retraction retraction, string how)
    {
        if (await FindAsync(id) is not { } row)
            return null;
        if (row.RetractedAt is not null)
            return Touched([UpsertOutcome.Unchanged], null, [], []);
        await connection.ExecuteAsync("""
            UPDATE articles SET retracted_at = @at, retraction_reason = @reason, retracted_by = @by WHERE id = @id
            """, new { id, at = dialect.Instant(retraction.At), reason = retraction.Reason, by = retraction.By }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO article_retractions (article_id, retracted_at, reason, retracted_by, how) VALUES (@id, @at, @reason, @by, @how)
            """, new { id, at = dialect.Instant(retraction.At), reason = retraction.Reason, by = retraction.By, how }, transaction);
        return Touched([UpsertOutcome.Updated], row.Position, await ArticleLinks.TagsAsync(connection, transaction, id), await ArticleLinks.AuthorsAsync(connection, transaction, id));
    }

    /// <returns>Null when no article has the id; what it touched (nothing, when it was not retracted).</returns>
    public async Task<UpsertResults?> RestoreAsync(string id, DateTimeOffset at)
    {
        if (await FindAsync(id) is not { } row)
            return null;
        if (row.RetractedAt is not { } retractedAt)
            return Touched([UpsertOutcome.Unchanged], null, [], []);
        // RFC 6721 §3: of a tombstone and an entry, the later one wins; a second after both the retraction and the
        // last update, so a reader that saw either takes the restored entry.
        var updated = Latest(at, retractedAt.AddSeconds(1), row.Updated.AddSeconds(1));
        await connection.ExecuteAsync("""
            UPDATE articles SET retracted_at = NULL, retraction_reason = NULL, retracted_by = NULL, updated = @updated WHERE id = @id
            """, new { id, updated = dialect.Instant(updated) }, transaction);
        await connection.ExecuteAsync("""
            UPDATE article_retractions SET restored_at = @at WHERE article_id = @id AND restored_at IS NULL
            """, new { id, at = dialect.Instant(at) }, transaction);
        return Touched([UpsertOutcome.Updated], row.Position, await ArticleLinks.TagsAsync(connection, transaction, id), await ArticleLinks.AuthorsAsync(connection, transaction, id));
    }

    private static DateTimeOffset Latest(params DateTimeOffset[] times) => times.Max();

    private Task<Row?> FindAsync(string id) => connection.QuerySingleOrDefaultAsync<Row?>(
        "SELECT id AS Id, position AS Position, retracted_at AS RetractedAt, updated AS Updated FROM articles WHERE id = @id", new { id }, transaction);

    private static UpsertResults Touched(UpsertOutcome[] outcomes, long? position, string[] tags, string[] authors) =>
        new(outcomes, new HashSet<string>(tags, StringComparer.Ordinal), new HashSet<string>(authors, StringComparer.Ordinal))
        {
            TouchedPositions = position is { } place ? new HashSet<long> { place } : new HashSet<long>(),
        };
}
