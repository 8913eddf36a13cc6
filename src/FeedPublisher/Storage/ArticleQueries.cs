using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>The store's reads, the same on every backend but for the few conditions <see cref="ISqlDialect"/> words.</summary>
internal sealed class ArticleQueries(ISqlDialect dialect)
{
    private const string SelectArticle = """
        SELECT id AS Id, guid AS Guid, slug AS Slug, title AS Title, published AS Published, updated AS Updated,
               summary AS Summary, content_html AS ContentHtml, revision AS Revision, image_url AS ImageUrl, image_alt AS ImageAlt
        FROM articles
        """;

    private readonly string _published = $"is_draft = {dialect.False}";

    public async Task<IReadOnlyList<StoredArticle>> NewestPublishedAsync(DbConnection connection, ArticleScope scope, int count)
    {
        var inScope = scope.Kind switch
        {
            ArticleScopeKind.Site => "",
            ArticleScopeKind.Tag => "AND id IN (SELECT article_id FROM article_tags WHERE tag = @name)",
            ArticleScopeKind.Author => "AND id IN (SELECT article_id FROM article_authors WHERE name = @name)",
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope.Kind, "storage: unknown article scope"),
        };
        var rows = (await connection.QueryAsync<ArticleRow>(
            $"{SelectArticle} WHERE {_published} {inScope} ORDER BY published DESC, id LIMIT @count", new { count, name = scope.Name })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    public async Task<StoredArticle?> PublishedBySlugAsync(DbConnection connection, string slug)
    {
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE slug = @slug AND {_published}", new { slug })).AsList();
        return (await WithAuthorsAndTagsAsync(connection, rows)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<StoredArticle>> WithAuthorsAndTagsAsync(DbConnection connection, List<ArticleRow> rows)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var authors = (await connection.QueryAsync<(string ArticleId, string Name)>(
                $"SELECT article_id, name FROM article_authors WHERE {dialect.InList("article_id", "@ids")} ORDER BY article_id, position", new { ids }))
            .ToLookup(a => a.ArticleId, a => a.Name);
        var tags = (await connection.QueryAsync<(string ArticleId, string Tag)>(
                $"SELECT article_id, tag FROM article_tags WHERE {dialect.InList("article_id", "@ids")} ORDER BY article_id, tag", new { ids }))
            .ToLookup(t => t.ArticleId, t => t.Tag);
        return rows.Select(r => new StoredArticle(
            r.Id, r.Guid, r.Slug, r.Title, authors[r.Id].ToArray(), r.Published, r.Updated, r.Summary, r.ContentHtml, tags[r.Id].ToArray(), r.Revision)
        {
            ImageUrl = r.ImageUrl,
            ImageAlt = r.ImageAlt,
        }).ToArray();
    }

    private sealed class ArticleRow
    {
        public string Id { get; init; } = "";
        public string Guid { get; init; } = "";
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTimeOffset Published { get; init; }
        public DateTimeOffset Updated { get; init; }
        public string Summary { get; init; } = "";
        public string ContentHtml { get; init; } = "";
        public int Revision { get; init; }
        public string? ImageUrl { get; init; }
        public string? ImageAlt { get; init; }
    }
}
