using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>The store's reads, the same on every backend but for the few conditions <see cref="ISqlDialect"/> words.</summary>
internal sealed class ArticleQueries(ISqlDialect dialect)
{
    private const string SelectArticle = """
        SELECT id AS Id, guid AS Guid, slug AS Slug, title AS Title, published AS Published, updated AS Updated,
               summary AS Summary, content_html AS ContentHtml, revision AS Revision, image_url AS ImageUrl, image_alt AS ImageAlt,
               is_draft AS IsDraft, retracted_at AS RetractedAt, retraction_reason AS RetractionReason, retracted_by AS RetractedBy,
               publish_at AS PublishAt
        FROM articles
        """;

    /// <summary>In the feeds: neither a draft nor retracted.</summary>
    private string Published(string alias = "", bool orRetracted = false) =>
        orRetracted ? $"{alias}is_draft = {dialect.False}" : $"{alias}is_draft = {dialect.False} AND {alias}retracted_at IS NULL";

    /// <param name="orRetracted">Retracted articles too (the command line's list), in their places among the others.</param>
    public async Task<IReadOnlyList<StoredArticle>> NewestPublishedAsync(DbConnection connection, ArticleScope scope, int skip, int count, bool orRetracted = false)
    {
        // A tag's or author's articles are found from the link table's index, then sorted: a few, or a few thousand,
        // never a walk through the whole table.
        var sql = scope.Kind switch
        {
            ArticleScopeKind.Site => $"{SelectArticle} WHERE {Published("", orRetracted)} ORDER BY published DESC, id LIMIT @count OFFSET @skip",
            ArticleScopeKind.Tag => ScopedSelect("article_tags", "tag", orRetracted),
            ArticleScopeKind.Author => ScopedSelect("article_authors", "name", orRetracted),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope.Kind, "storage: unknown article scope"),
        };
        var rows = (await connection.QueryAsync<ArticleRow>(sql, new { count, skip, name = scope.Name })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    /// <summary>
    /// The page of ids is chosen from indexes alone (the link table's and <c>ix_articles_by_id</c>), and only its rows
    /// are read whole: sorting a tag's few hundred articles never reads their text.
    /// </summary>
    private string ScopedSelect(string link, string column, bool orRetracted) => $"""
        {SelectArticle}
        WHERE id IN (
            SELECT b.id FROM {link} x {dialect.JoinLeftFirst} articles b ON b.id = x.article_id
            WHERE x.{column} = @name AND {Published("b.", orRetracted)}
            ORDER BY b.published DESC, b.id LIMIT @count OFFSET @skip)
        ORDER BY published DESC, id
        """;

    public async Task<IReadOnlyList<StoredArticle>> ByPositionAsync(DbConnection connection, long first, long last)
    {
        var rows = (await connection.QueryAsync<ArticleRow>(
            $"{SelectArticle} WHERE position BETWEEN @first AND @last AND {dialect.Unindexed("is_draft")} = {dialect.False} AND retracted_at IS NULL ORDER BY published DESC, id",
            new { first, last })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    public async Task<IReadOnlyList<StoredArticle>> RecentlyRevisedAsync(DbConnection connection, int count)
    {
        var rows = (await connection.QueryAsync<ArticleRow>(
            $"{SelectArticle} WHERE revision > 1 AND {dialect.Unindexed("is_draft")} = {dialect.False} AND retracted_at IS NULL ORDER BY updated DESC, id LIMIT @count",
            new { count })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    public static async Task<long> LastPositionAsync(DbConnection connection) =>
        await connection.ExecuteScalarAsync<long?>("SELECT MAX(position) FROM articles WHERE position IS NOT NULL") ?? 0;

    public static async Task<string> KeepSettingAsync(DbConnection connection, string name, string value) =>
        await connection.ExecuteScalarAsync<string>("""
            INSERT INTO publication_settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM publication_settings WHERE name = @name;
            """, new { name, value }) ?? value;

    public static Task<string?> FindSettingAsync(DbConnection connection, string name) =>
        connection.ExecuteScalarAsync<string?>("SELECT value FROM publication_settings WHERE name = @name", new { name });

    public async Task<StoredArticle?> PublishedBySlugAsync(DbConnection connection, string slug)
    {
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE slug = @slug AND {Published()}", new { slug })).AsList();
        return (await WithAuthorsAndTagsAsync(connection, rows)).SingleOrDefault();
    }

    /// <summary>The article with this slug in any state: a page answers 410 for a retracted one, 404 for none.</summary>
    public async Task<StoredArticle?> BySlugAsync(DbConnection connection, string slug)
    {
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE slug = @slug", new { slug })).AsList();
        return (await WithAuthorsAndTagsAsync(connection, rows)).SingleOrDefault();
    }

    /// <summary>The articles of a scope retracted since <paramref name="since"/>, newest retraction first: its tombstones.</summary>
    public async Task<IReadOnlyList<Tombstone>> RetractedSinceAsync(DbConnection connection, ArticleScope scope, DateTimeOffset since)
    {
        var (join, where) = scope.Kind switch
        {
            ArticleScopeKind.Tag => ("JOIN article_tags x ON x.article_id = a.id", "AND x.tag = @name"),
            ArticleScopeKind.Author => ("JOIN article_authors x ON x.article_id = a.id", "AND x.name = @name"),
            _ => ("", ""),
        };
        return (await connection.QueryAsync<Tombstone>($"""
            SELECT a.guid AS Ref, a.retracted_at AS RetractedAt, a.retraction_reason AS Reason, a.retracted_by AS RetractedBy
            FROM articles a {join}
            WHERE a.retracted_at IS NOT NULL AND a.retracted_at >= @since AND a.position IS NOT NULL {where}
            ORDER BY a.retracted_at DESC, a.guid
            """, new { since = dialect.Instant(since), name = scope.Name })).AsList();
    }

    /// <summary>The articles held until their date, the soonest first.</summary>
    public async Task<IReadOnlyList<StoredArticle>> HeldAsync(DbConnection connection, int count)
    {
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE publish_at IS NOT NULL ORDER BY publish_at, id LIMIT @count", new { count })).AsList();
        return await WithAuthorsAndTagsAsync(connection, rows);
    }

    public async Task<StoredArticle?> ByIdAsync(DbConnection connection, string id)
    {
        var rows = (await connection.QueryAsync<ArticleRow>($"{SelectArticle} WHERE id = @id", new { id })).AsList();
        return (await WithAuthorsAndTagsAsync(connection, rows)).SingleOrDefault();
    }

    public static async Task<IReadOnlyList<ArticleRevision>> RevisionsAsync(DbConnection connection, string id) =>
        (await connection.QueryAsync<ArticleRevision>("""
            SELECT revision AS Revision, title AS Title, updated AS Updated, stored_at AS StoredAt
            FROM article_revisions WHERE article_id = @id ORDER BY revision
            """, new { id })).AsList();

    public async Task<ScopeName?> ScopeBySlugAsync(DbConnection connection, ArticleScopeKind kind, string slug) =>
        await connection.QuerySingleOrDefaultAsync<ScopeName>(
            $"SELECT name AS Name, slug AS Slug FROM {ScopeNames.TableOf(kind)} WHERE slug = @slug", new { slug });

    public async Task<ScopeName?> ScopeByNameAsync(DbConnection connection, ArticleScopeKind kind, string name) =>
        await connection.QuerySingleOrDefaultAsync<ScopeName>(
            $"SELECT name AS Name, slug AS Slug FROM {ScopeNames.TableOf(kind)} WHERE name = @name", new { name });

    public async Task<IReadOnlyList<ScopeSummary>> ScopesAsync(DbConnection connection, ArticleScopeKind kind, IReadOnlyCollection<string>? names)
    {
        if (names is { Count: 0 })
            return [];
        var (link, column) = kind == ArticleScopeKind.Tag ? ("article_tags", "tag") : ("article_authors", "name");
        var only = names is null ? "" : $"WHERE {dialect.InList("s.name", "@names")}";
        var rows = await connection.QueryAsync<(string Name, string Slug, long Count)>($"""
            SELECT s.name, s.slug, COUNT(*)
            FROM {ScopeNames.TableOf(kind)} s
            {dialect.JoinLeftFirst} {link} x ON x.{column} = s.name
            {dialect.JoinLeftFirst} articles a ON a.id = x.article_id AND {Published("a.")}
            {only}
            GROUP BY s.name, s.slug
            ORDER BY s.name
            """, new { names = names?.ToArray() });
        return rows.Select(r => new ScopeSummary(r.Name, r.Slug, (int)r.Count)).ToArray();
    }

    private async Task<IReadOnlyList<StoredArticle>> WithAuthorsAndTagsAsync(DbConnection connection, List<ArticleRow> rows)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var authors = (await connection.QueryAsync<(string ArticleId, string Name, string? Slug)>($"""
                SELECT x.article_id, x.name, s.slug FROM article_authors x LEFT JOIN authors s ON s.name = x.name
                WHERE {dialect.InList("x.article_id", "@ids")} ORDER BY x.article_id, x.position
                """, new { ids }))
            .ToLookup(a => a.ArticleId, a => new ScopeName(a.Name, a.Slug ?? ""));
        var tags = (await connection.QueryAsync<(string ArticleId, string Tag, string? Slug)>($"""
                SELECT x.article_id, x.tag, s.slug FROM article_tags x LEFT JOIN tags s ON s.name = x.tag
                WHERE {dialect.InList("x.article_id", "@ids")} ORDER BY x.article_id, x.tag
                """, new { ids }))
            .ToLookup(t => t.ArticleId, t => new ScopeName(t.Tag, t.Slug ?? ""));
        return rows.Select(r => new StoredArticle(
            r.Id, r.Guid, r.Slug, r.Title, authors[r.Id].Select(a => a.Name).ToArray(), r.Published, r.Updated, r.Summary, r.ContentHtml,
            tags[r.Id].Select(t => t.Name).ToArray(), r.Revision)
        {
            ImageUrl = r.ImageUrl,
            ImageAlt = r.ImageAlt,
            IsDraft = r.IsDraft && r.PublishAt is null,
            ScheduledFor = r.PublishAt,
            Retraction = r.RetractedAt is { } at ? new Retraction(at, r.RetractionReason, r.RetractedBy) : null,
            AuthorNames = authors[r.Id].ToArray(),
            TagNames = tags[r.Id].ToArray(),
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
        public bool IsDraft { get; init; }
        public DateTimeOffset? RetractedAt { get; init; }
        public string? RetractionReason { get; init; }
        public string? RetractedBy { get; init; }
        public DateTimeOffset? PublishAt { get; init; }
    }
}
