using System.Data.Common;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>An article's authors (in byline order) and tags, as stored, inside the caller's transaction.</summary>
internal static class ArticleLinks
{
    public static async Task<string[]> AuthorsAsync(DbConnection connection, DbTransaction transaction, string id) =>
        [.. await connection.QueryAsync<string>("SELECT name FROM article_authors WHERE article_id = @id ORDER BY position", new { id }, transaction)];

    public static async Task<string[]> TagsAsync(DbConnection connection, DbTransaction transaction, string id) =>
        [.. await connection.QueryAsync<string>("SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag", new { id }, transaction)];

    /// <summary>The authors and tags of several articles, two queries in all; an id with none maps to an empty list.</summary>
    public static async Task<(Dictionary<string, List<string>> Authors, Dictionary<string, List<string>> Tags)> OfAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, IReadOnlyCollection<string> ids)
    {
        var authors = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var tags = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(ArticleBatchWriter.LookupChunk))
        {
            foreach (var (id, name) in await connection.QueryAsync<(string, string)>(
                $"SELECT article_id, name FROM article_authors WHERE {dialect.InList("article_id", "@chunk")} ORDER BY article_id, position", new { chunk }, transaction))
                authors[id].Add(name);
            foreach (var (id, tag) in await connection.QueryAsync<(string, string)>(
                $"SELECT article_id, tag FROM article_tags WHERE {dialect.InList("article_id", "@chunk")} ORDER BY article_id, tag", new { chunk }, transaction))
                tags[id].Add(tag);
        }
        return (authors, tags);
    }
}
