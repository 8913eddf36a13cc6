using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>
/// Articles held until their date (<c>publish_at</c>), the same on every backend: which is due next, and publishing
/// those whose time has come, each then given its place in the archives (the order of publication).
/// </summary>
internal sealed class ArticleEmbargoes(DbConnection connection, DbTransaction transaction, ISqlDialect dialect)
{
    public async Task<DateTimeOffset?> NextDueAsync()
    {
        var next = await connection.ExecuteScalarAsync<object?>(
            "SELECT MIN(publish_at) FROM articles WHERE publish_at IS NOT NULL AND retracted_at IS NULL", transaction: transaction);
        return next is null or DBNull ? null : dialect.ReadInstant(next);
    }

    /// <summary>Publishes every held article due at <paramref name="now"/>, oldest embargo first.</summary>
    public async Task<UpsertResults> PublishDueAsync(DateTimeOffset now)
    {
        var due = (await connection.QueryAsync<string>(
            "SELECT id FROM articles WHERE publish_at IS NOT NULL AND publish_at <= @now AND retracted_at IS NULL ORDER BY publish_at, id",
            new { now = dialect.Instant(now) }, transaction)).AsList();
        if (due.Count == 0)
            return UpsertResults.None;
        var position = await connection.ExecuteScalarAsync<long?>("SELECT MAX(position) FROM articles WHERE position IS NOT NULL", transaction: transaction) ?? 0;
        var positions = new HashSet<long>();
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var authors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in due)
        {
            positions.Add(++position);
            // An update while it was held may have dated it after its embargo: no date it carries is later than now.
            await connection.ExecuteAsync("""
                UPDATE articles
                SET is_draft = @published, publish_at = NULL, position = @position,
                    updated = CASE WHEN updated > @now THEN @now ELSE updated END
                WHERE id = @id
                """, new { id, position, now = dialect.Instant(now), published = false }, transaction);
            tags.UnionWith(await ArticleLinks.TagsAsync(connection, transaction, id));
            authors.UnionWith(await ArticleLinks.AuthorsAsync(connection, transaction, id));
        }
        return new UpsertResults([.. due.Select(_ => UpsertOutcome.Updated)], tags, authors) { TouchedPositions = positions };
    }
}
