using System.Data.Common;
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
        await using (var copy = await npgsql.BeginBinaryImportAsync("COPY article_authors (article_id, position, name) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var author in rows.Authors)
                await copy.WriteRowAsync(CancellationToken.None, author.ArticleId, author.Position, author.Name);
            await copy.CompleteAsync();
        }
        await using (var copy = await npgsql.BeginBinaryImportAsync("COPY article_tags (article_id, tag) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var tag in rows.Tags)
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
