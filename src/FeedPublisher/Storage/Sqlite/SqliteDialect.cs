using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage.Sqlite;

/// <summary>SQLite: Dapper expands list parameters, booleans are integers, instants are sortable UTC text.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private const string InsertArticle = """
        INSERT INTO articles (id, guid, slug, title, summary, content_html, published, updated, is_draft, content_hash, revision, source_file, ingested_at, image_url, image_alt, position, publish_at)
        VALUES (@Id, @Guid, @Slug, @Title, @Summary, @ContentHtml, @Published, @Updated, @IsDraft, @Hash, 1, @SourceFileName, @IngestedAt, @ImageUrl, @ImageAlt, @Position, @PublishAt)
        """;

    public string InList(string column, string parameter) => $"{column} IN {parameter}";

    // SQLite compares text with the BINARY collation unless told otherwise: byte order already.
    public string BetweenExclusive(string column, string low, string high) => $"{column} > {low} AND {column} < {high}";

    public string JoinLeftFirst => "CROSS JOIN";

    public string Unindexed(string column) => $"+{column}";

    public string False => "0";

    public object Instant(DateTimeOffset value) => DateTimeOffsetTextHandler.ToText(value);

    public DateTimeOffset ReadInstant(object value) => DateTimeOffsetTextHandler.ParseText((string)value);

    /// <summary>In process, a round trip is a function call: Dapper runs each statement once per row on one prepared command.</summary>
    public async Task InsertNewArticlesAsync(DbConnection connection, DbTransaction transaction, NewArticleRows rows)
    {
        await connection.ExecuteAsync(InsertArticle, rows.Articles, transaction);
        await connection.ExecuteAsync(ArticleBatchWriter.InsertAuthor, rows.Authors, transaction);
        await connection.ExecuteAsync(ArticleBatchWriter.InsertTag, rows.Tags, transaction);
    }

    public async Task UpdateArticlesAsync(DbConnection connection, DbTransaction transaction, ArticleUpdateRows rows)
    {
        await connection.ExecuteAsync(ArticleUpdateRows.KeepRevision, rows.Articles, transaction);
        await connection.ExecuteAsync(ArticleUpdateRows.Update, rows.Articles, transaction);
        await connection.ExecuteAsync("DELETE FROM article_authors WHERE article_id = @Id", rows.Articles, transaction);
        await connection.ExecuteAsync("DELETE FROM article_tags WHERE article_id = @Id", rows.Articles, transaction);
        await connection.ExecuteAsync(ArticleBatchWriter.InsertAuthor, rows.Authors, transaction);
        await connection.ExecuteAsync(ArticleBatchWriter.InsertTag, rows.Tags, transaction);
    }
}
