using System.Data.Common;
using Dapper;
using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// Gives every tag and author name its slug, once: <c>tags</c> and <c>authors</c> hold each name with the slug it was
/// first given (by the article slug rules, a number added on a clash), and a slug never changes after that, so the
/// URLs of tag and author pages and feeds stay put.
/// </summary>
internal sealed class ScopeNames(DbConnection connection, DbTransaction transaction, ISqlDialect dialect)
{
    private const int LookupChunk = 500;

    public static string TableOf(ArticleScopeKind kind) => kind switch
    {
        ArticleScopeKind.Tag => "tags",
        ArticleScopeKind.Author => "authors",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "storage: only tags and authors have names"),
    };

    /// <summary>Adds the names that have no slug yet.</summary>
    public async Task EnsureSlugsAsync(ArticleScopeKind kind, IEnumerable<string> names)
    {
        var table = TableOf(kind);
        var missing = new List<string>();
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            var known = (await connection.QueryAsync<string>(
                $"SELECT name FROM {table} WHERE {dialect.InList("name", "@chunk")}", new { chunk }, transaction)).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(chunk.Where(name => !known.Contains(name)));
        }
        if (missing.Count == 0)
            return;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<(string Name, string Slug)>(missing.Count);
        foreach (var name in missing.Order(StringComparer.Ordinal))
        {
            var slug = await FreeSlugAsync(table, SlugMaker.FromText(name), taken);
            taken.Add(slug);
            rows.Add((name, slug));
        }
        await connection.ExecuteAsync($"INSERT INTO {table} (name, slug) VALUES (@Name, @Slug)", rows.Select(r => new { r.Name, r.Slug }), transaction);
    }

    /// <summary>Names in articles that have no slug: those stored before slugs existed.</summary>
    public async Task BackfillAsync()
    {
        await EnsureSlugsAsync(ArticleScopeKind.Tag, await connection.QueryAsync<string>(
            "SELECT DISTINCT tag FROM article_tags WHERE tag NOT IN (SELECT name FROM tags)", transaction: transaction));
        await EnsureSlugsAsync(ArticleScopeKind.Author, await connection.QueryAsync<string>(
            "SELECT DISTINCT name FROM article_authors WHERE name NOT IN (SELECT name FROM authors)", transaction: transaction));
    }

    private async Task<string> FreeSlugAsync(string table, string wanted, HashSet<string> takenInBatch)
    {
        // "x" and every "x-…": a byte-order range on the unique index, as for article slugs.
        var taken = (await connection.QueryAsync<string>(
            $"SELECT slug FROM {table} WHERE slug = @wanted OR ({dialect.BetweenExclusive("slug", "@low", "@high")})",
            new { wanted, low = wanted + "-", high = wanted + "." }, transaction)).ToHashSet(StringComparer.Ordinal);
        taken.UnionWith(takenInBatch);
        if (!taken.Contains(wanted))
            return wanted;
        for (var n = 2; ; n++)
        {
            if (!taken.Contains($"{wanted}-{n}"))
                return $"{wanted}-{n}";
        }
    }
}
