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
}
