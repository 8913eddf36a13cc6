using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>
/// One committed write, as other processes learn of it: which tags, authors and archive places it touched, and who
/// wrote it (a write that touched many tags and authors is several, see <see cref="StoreChangeRows.MaxScopesPerRow"/>).
/// Every write that changes an article records its changes in its own transaction, so the database stays the source
/// of truth: a running server regenerates what a command changed, and a command never needs the server.
/// </summary>
public sealed record StoreChange(long Sequence, string Writer, IReadOnlyList<string> Tags, IReadOnlyList<string> Authors, IReadOnlyList<long> Positions);

/// <summary>
/// How a process learns of the writes of others. On SQLite the change log is polled (its newest sequence number is
/// one index lookup); the PostgreSQL backend can wake its readers with NOTIFY instead.
/// </summary>
public interface IStoreChangeLog
{
    /// <summary>Who this process is in the log: its own writes are not news to it.</summary>
    string Writer { get; }

    /// <summary>The newest change's sequence number; 0 when there is none.</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken);

    /// <summary>The changes after <paramref name="sequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoreChange>> SinceAsync(long sequence, int limit, CancellationToken cancellationToken);
}

/// <summary>The change log's SQL, the same on every backend.</summary>
internal static class StoreChangeRows
{
    /// <summary>
    /// The most tags and authors one row names. A batch that touched more is recorded as several rows in its
    /// transaction, so that a reader of the log can take a bounded share of a burst's tags and authors and keep a cursor
    /// on where it stopped (the clustered regeneration does). No more than a regeneration's share
    /// (<c>RegenerateFeedsJob.MaxScopesPerRun</c>), or a share could not end at a row.
    /// </summary>
    public const int MaxScopesPerRow = 16;

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string writer,
        DateTimeOffset at, UpsertResults results)
    {
        if (results.TouchedTags.Count == 0 && results.TouchedAuthors.Count == 0 && results.TouchedPositions.Count == 0
            && !results.Any(outcome => outcome is UpsertOutcome.Inserted or UpsertOutcome.Updated))
            return;
        var scopes = results.TouchedTags.Order(StringComparer.Ordinal).Select(tag => (Tag: true, Name: tag))
            .Concat(results.TouchedAuthors.Order(StringComparer.Ordinal).Select(author => (Tag: false, Name: author)))
            .Chunk(MaxScopesPerRow).DefaultIfEmpty([]);
        // One statement for all the rows, in order: their sequence numbers follow it.
        var parameters = new DynamicParameters(new { writer, at = dialect.Instant(at) });
        var values = new List<string>();
        foreach (var (chunk, index) in scopes.Select((chunk, index) => (chunk, index)))
        {
            parameters.Add($"tags{index}", JsonSerializer.Serialize(chunk.Where(scope => scope.Tag).Select(scope => scope.Name)));
            parameters.Add($"authors{index}", JsonSerializer.Serialize(chunk.Where(scope => !scope.Tag).Select(scope => scope.Name)));
            parameters.Add($"positions{index}", index == 0 ? JsonSerializer.Serialize(results.TouchedPositions.Order()) : "[]");
            values.Add($"(@writer, @at, @tags{index}, @authors{index}, @positions{index})");
        }
        await connection.ExecuteAsync(
            $"INSERT INTO store_changes (writer, changed_at, tags, authors, positions) VALUES {string.Join(", ", values)}", parameters, transaction);
    }

    public static async Task<long> LatestAsync(DbConnection connection) =>
        await connection.ExecuteScalarAsync<long?>("SELECT MAX(sequence) FROM store_changes") ?? 0;

    public static async Task<IReadOnlyList<StoreChange>> SinceAsync(DbConnection connection, long sequence, int limit)
    {
        var rows = await connection.QueryAsync<(long Sequence, string Writer, string Tags, string Authors, string Positions)>(
            "SELECT sequence, writer, tags, authors, positions FROM store_changes WHERE sequence > @sequence ORDER BY sequence LIMIT @limit",
            new { sequence, limit });
        return rows.Select(r => new StoreChange(r.Sequence, r.Writer,
            JsonSerializer.Deserialize<string[]>(r.Tags) ?? [], JsonSerializer.Deserialize<string[]>(r.Authors) ?? [],
            JsonSerializer.Deserialize<long[]>(r.Positions) ?? [])).ToArray();
    }
}
