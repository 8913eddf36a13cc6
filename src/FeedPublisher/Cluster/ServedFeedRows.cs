using Dapper;
using FeedPublisher.Feeds;
using FeedPublisher.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FeedPublisher.Cluster;

/// <summary>A served feed as the database keeps it for every instance: what to send, with which validators, since which generation.</summary>
public sealed record ServedFeedRow(
    string UrlPath, string ContentType, string Tag, byte[] Body, DateTimeOffset LastModified, string CacheControl, bool InMemory, long Generation, bool Gone);

/// <summary>
/// The <c>served_feeds</c> and <c>feed_generations</c> tables: a regeneration's feeds go in with its transaction, under
/// a new generation number, and a NOTIFY tells every instance to swap in exactly those bytes and headers.
/// </summary>
public static class ServedFeedRows
{
    public const string Channel = "feedpublisher_feeds";

    /// <summary>
    /// The generation every instance should be serving, the change-log entry its site feeds and archive pages cover,
    /// and the one its tag and author feeds cover.
    /// </summary>
    public static async Task<(long Generation, long ThroughChange, long ScopesThroughChange)> CurrentAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction = null, bool forUpdate = false) =>
        await connection.QuerySingleAsync<(long, long, long)>(
            $"SELECT generation, through_change, scopes_through_change FROM feed_generations WHERE id = 1{(forUpdate ? " FOR UPDATE" : "")}",
            transaction: transaction);

    /// <summary>
    /// Stores a regeneration's feeds: those whose bytes or headers differ from the stored ones get the next generation,
    /// as do the ones taken away (marked gone: a row is never deleted). A changed feed's Last-Modified moves at least a
    /// second past the one it replaces, so a poller that sends only If-Modified-Since sees the change. Notifies every
    /// instance when anything changed.
    /// </summary>
    /// <param name="everything">The feeds are the whole set: any other stored feed is gone.</param>
    /// <returns>The new generation, or null when nothing changed.</returns>
    public static async Task<long?> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<FeedFile> feeds, Func<FeedFile, CancellationToken, Task<byte[]>> bodyOf,
        IReadOnlyCollection<string> removed, bool everything, long throughChange, long? scopesThroughChange, string producer, CancellationToken cancellationToken)
    {
        var (current, _, _) = await CurrentAsync(connection, transaction, forUpdate: true);
        var next = current + 1;
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE incoming_feeds (url_path text COLLATE "C", content_type text, tag text, body bytea,
                                              last_modified timestamptz, cache_control text, in_memory boolean) ON COMMIT DROP
            """, transaction: transaction);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY incoming_feeds (url_path, content_type, tag, body, last_modified, cache_control, in_memory) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // A body at a time: after a full rebuild the feeds of a large site are hundreds of megabytes together.
            foreach (var file in feeds)
            {
                var body = await bodyOf(file, cancellationToken);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(file.UrlPath, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(file.ContentType, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(file.Tag, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(body, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(PostgresDialect.ToTimestamp(Seconds(file.LastModified)), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(file.CacheControl, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(file.Bytes is not null, NpgsqlDbType.Boolean, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        var changed = await connection.ExecuteAsync("""
            INSERT INTO served_feeds (url_path, content_type, tag, body, last_modified, cache_control, in_memory, generation, gone)
            SELECT url_path, content_type, tag, body, last_modified, cache_control, in_memory, @next, false FROM incoming_feeds
            ON CONFLICT (url_path) DO UPDATE SET
                content_type = excluded.content_type, tag = excluded.tag, body = excluded.body,
                last_modified = CASE WHEN served_feeds.tag <> excluded.tag
                                      AND excluded.last_modified < served_feeds.last_modified + interval '1 second'
                                     THEN served_feeds.last_modified + interval '1 second' ELSE excluded.last_modified END,
                cache_control = excluded.cache_control, in_memory = excluded.in_memory, generation = @next, gone = false
            WHERE served_feeds.tag <> excluded.tag OR served_feeds.gone OR served_feeds.cache_control <> excluded.cache_control
               OR served_feeds.content_type <> excluded.content_type
            """, new { next }, transaction);
        changed += await connection.ExecuteAsync(everything
                ? "UPDATE served_feeds SET gone = true, generation = @next WHERE NOT gone AND url_path NOT IN (SELECT url_path FROM incoming_feeds)"
                : "UPDATE served_feeds SET gone = true, generation = @next WHERE NOT gone AND url_path = ANY(@removed)",
            new { next, removed = removed.ToArray() }, transaction);
        await connection.ExecuteAsync("""
            UPDATE feed_generations
            SET generation = CASE WHEN @changed THEN @next ELSE generation END, through_change = GREATEST(through_change, @throughChange),
                scopes_through_change = GREATEST(scopes_through_change, COALESCE(@scopesThroughChange, scopes_through_change)),
                produced_at = now(), produced_by = @producer
            WHERE id = 1
            """, new { changed = changed > 0, next, throughChange, scopesThroughChange, producer }, transaction);
        if (changed == 0)
            return null;
        await connection.ExecuteAsync("SELECT pg_notify(@channel, @generation)", new { channel = Channel, generation = next.ToString(System.Globalization.CultureInfo.InvariantCulture) }, transaction);
        return next;
    }

    /// <summary>The feeds stored after <paramref name="generation"/> (every live one from 0), gone ones included, a row at a time.</summary>
    public static async IAsyncEnumerable<ServedFeedRow> SinceAsync(NpgsqlConnection connection, long generation,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT url_path, content_type, tag, body, last_modified, cache_control, in_memory, generation, gone
            FROM served_feeds WHERE generation > @generation AND (@generation > 0 OR NOT gone) ORDER BY url_path
            """, connection);
        command.Parameters.AddWithValue("generation", generation);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new ServedFeedRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)), reader.GetString(5), reader.GetBoolean(6), reader.GetInt64(7), reader.GetBoolean(8));
    }

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
