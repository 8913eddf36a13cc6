using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace FeedPublisher.Storage.Postgres;

/// <summary>
/// PostgreSQL: arrays instead of expanded lists (<c>= ANY(@ids)</c>), real booleans, instants as timestamptz (to the
/// microsecond, its precision), and a batch inserted as one statement over arrays rather than a round trip per row.
/// Text keys are declared <c>COLLATE "C"</c> in the schema, so they sort and compare byte by byte as on SQLite.
/// </summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public string BetweenExclusive(string column, string low, string high) => $"{column} > {low} AND {column} < {high}";

    public string JoinLeftFirst => "JOIN";

    public string Unindexed(string column) => column;

    public string False => "false";

    public object Instant(DateTimeOffset value) => ToTimestamp(value);

    public DateTimeOffset ReadInstant(object value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => throw new InvalidCastException($"storage: cannot read an instant from a {value.GetType().Name}"),
    };

    /// <summary>UTC, cut to the microsecond: what timestamptz keeps, so a value reads back exactly as written.</summary>
    public static DateTime ToTimestamp(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }

    /// <summary>Binary COPY, each value with its PostgreSQL type: one stream per table, however many rows.</summary>
    public async Task InsertNewArticlesAsync(DbConnection connection, DbTransaction transaction, NewArticleRows rows)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using (var copy = await npgsql.BeginBinaryImportAsync("""
            COPY articles (id, guid, slug, title, summary, content_html, published, updated, is_draft, content_hash, revision,
                           source_file, ingested_at, image_url, image_alt, position, publish_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var a in rows.Articles)
            {
                await copy.StartRowAsync();
                foreach (var text in (string[])[a.Id, a.Guid, a.Slug, a.Title, a.Summary, a.ContentHtml])
                    await copy.WriteAsync(text, NpgsqlDbType.Text);
                await copy.WriteAsync((DateTime)a.Published, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync((DateTime)a.Updated, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(a.IsDraft, NpgsqlDbType.Boolean);
                await copy.WriteAsync(a.Hash, NpgsqlDbType.Text);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(a.SourceFileName, NpgsqlDbType.Text);
                await copy.WriteAsync((DateTime)a.IngestedAt, NpgsqlDbType.TimestampTz);
                await WriteOrNullAsync(copy, a.ImageUrl, NpgsqlDbType.Text);
                await WriteOrNullAsync(copy, a.ImageAlt, NpgsqlDbType.Text);
                await WriteOrNullAsync(copy, a.Position, NpgsqlDbType.Bigint);
                await WriteOrNullAsync(copy, (DateTime?)a.PublishAt, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await CopyLinksAsync(npgsql, rows.Authors, rows.Tags);
    }

    /// <summary>
    /// Three statements over arrays whatever the batch's size: the revisions and the new content joined to the rows by
    /// id through <c>unnest</c>, the old bylines and tags deleted by <c>= ANY</c>; the new ones by COPY.
    /// </summary>
    public async Task UpdateArticlesAsync(DbConnection connection, DbTransaction transaction, ArticleUpdateRows rows)
    {
        var npgsql = (NpgsqlConnection)connection;
        var a = rows.Articles;
        var ids = a.Select(r => r.Id).ToArray();
        await connection.ExecuteAsync("""
            INSERT INTO article_revisions (article_id, revision, title, authors, tags, summary, content_html, published, updated, is_draft, content_hash, source_file, stored_at, image_url, image_alt)
            SELECT a.id, a.revision, a.title, u.authors, u.tags, a.summary, a.content_html, a.published, a.updated, a.is_draft, a.content_hash, a.source_file, a.ingested_at, a.image_url, a.image_alt
            FROM unnest(@ids, @authors, @tags) AS u(id, authors, tags) JOIN articles a ON a.id = u.id
            """, new { ids, authors = a.Select(r => r.OldAuthors).ToArray(), tags = a.Select(r => r.OldTags).ToArray() }, transaction);
        await connection.ExecuteAsync("""
            UPDATE articles AS a
            SET title = u.title, summary = u.summary, content_html = u.content_html, published = u.published, updated = u.updated,
                is_draft = u.hidden, publish_at = u.publish_at, image_url = u.image_url, image_alt = u.image_alt, position = u.position,
                content_hash = u.hash, revision = u.revision, source_file = u.source_file, ingested_at = u.ingested_at
            FROM unnest(@ids, @titles, @summaries, @contents, @published, @updated, @hidden, @publishAt, @imageUrls, @imageAlts,
                        @positions, @hashes, @revisions, @sourceFiles, @ingestedAt)
                 AS u(id, title, summary, content_html, published, updated, hidden, publish_at, image_url, image_alt,
                      position, hash, revision, source_file, ingested_at)
            WHERE a.id = u.id
            """, new
        {
            ids,
            titles = a.Select(r => r.Title).ToArray(),
            summaries = a.Select(r => r.Summary).ToArray(),
            contents = a.Select(r => r.ContentHtml).ToArray(),
            published = a.Select(r => (DateTime)r.Published).ToArray(),
            updated = a.Select(r => (DateTime)r.Updated).ToArray(),
            hidden = a.Select(r => r.Hidden).ToArray(),
            publishAt = a.Select(r => (DateTime?)r.PublishAt).ToArray(),
            imageUrls = a.Select(r => r.ImageUrl).ToArray(),
            imageAlts = a.Select(r => r.ImageAlt).ToArray(),
            positions = a.Select(r => r.Position).ToArray(),
            hashes = a.Select(r => r.Hash).ToArray(),
            revisions = a.Select(r => r.Revision).ToArray(),
            sourceFiles = a.Select(r => r.SourceFileName).ToArray(),
            ingestedAt = a.Select(r => (DateTime)r.IngestedAt).ToArray(),
        }, transaction);
        await connection.ExecuteAsync("DELETE FROM article_authors WHERE article_id = ANY(@ids)", new { ids }, transaction);
        await connection.ExecuteAsync("DELETE FROM article_tags WHERE article_id = ANY(@ids)", new { ids }, transaction);
        await CopyLinksAsync(npgsql, rows.Authors, rows.Tags);
    }

    private static async Task CopyLinksAsync(NpgsqlConnection npgsql, IReadOnlyList<AuthorRow> authors, IReadOnlyList<TagRow> tags)
    {
        await using (var copy = await npgsql.BeginBinaryImportAsync("COPY article_authors (article_id, position, name) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var author in authors)
                await copy.WriteRowAsync(CancellationToken.None, author.ArticleId, author.Position, author.Name);
            await copy.CompleteAsync();
        }
        await using (var copy = await npgsql.BeginBinaryImportAsync("COPY article_tags (article_id, tag) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var tag in tags)
                await copy.WriteRowAsync(CancellationToken.None, tag.ArticleId, tag.Tag);
            await copy.CompleteAsync();
        }
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
            await copy.WriteNullAsync();
        else
            await copy.WriteAsync(value, type);
    }
}
