using System.Diagnostics;
using Dapper;
using FeedPublisher.Articles;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <param name="EarlyMsPerArticle">
/// UpsertAsync's cost per new article into a store of <paramref name="EarlyStoreSize"/>: the second batch where there is
/// one, so one-time costs such as JIT compilation stay out of it.
/// </param>
/// <param name="AtSizeMsPerArticle">Its cost per new article in the last batch, into a store of almost the full size.</param>
internal sealed record SeedingFigures(int Articles, TimeSpan Elapsed, int EarlyStoreSize, double EarlyMsPerArticle, double AtSizeMsPerArticle);

/// <summary>
/// Fills a store for the regeneration scenario. The first <see cref="UpsertedArticles"/> go through
/// <see cref="IArticleStore.UpsertAsync"/>; beyond that the rows the store wrote are copied in SQL with new ids, slugs
/// and dates, because UpsertAsync slows down as the store grows (its unique-slug check scans every slug: LIKE cannot use
/// the slug index), so 100,000 upserts would take a quarter of an hour. The last <see cref="TimedBatch"/> articles go
/// through UpsertAsync again, to measure its cost at full size.
/// </summary>
internal static class StoreSeeding
{
    public const int UpsertedArticles = 1_000;
    public const int TimedBatch = 100;
    private const int Batch = 500;
    private static readonly DateTimeOffset Epoch = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Tags and authors a seeded store spreads its articles over: a large news site's.</summary>
    public const int Tags = 1_000;
    public const int Authors = 200;

    /// <summary>
    /// Article i is a copy of a parsed body with id stored-i, dated i hours after 1 January 1990, with three of the
    /// <see cref="Tags"/> tags and one of the <see cref="Authors"/> authors.
    /// </summary>
    public static Article Stored(Article[] bodies, SiteOptions site, int i) =>
        WithIdentity(bodies[i % bodies.Length], site, $"stored-{i:D6}", Epoch.AddHours(i)) with
        {
            Tags = [TagName(i), TagName(i + 333), TagName(i + 667)],
            Authors = [$"Writer {i % Authors:D3}"],
        };

    public static string TagName(int i) => $"Topic {i % Tags:D4}";

    public static Article WithIdentity(Article body, SiteOptions site, string id, DateTimeOffset published) => body with
    {
        Id = id,
        Slug = $"{body.Slug}-{id}",
        Guid = ArticleGuid.Mint(site.BaseUri, id, published),
        Published = published,
        SourceFileName = id + ".txt",
    };

    public static async Task<SeedingFigures> SeedAsync(IArticleStore store, SqliteConnectionFactory connections, Article[] bodies,
        SiteOptions site, int count, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var upserted = count > UpsertedArticles + TimedBatch ? UpsertedArticles : count;
        var batches = new List<double>();
        for (var from = 0; from < upserted; from += Batch)
            batches.Add(await UpsertAsync(store, bodies, site, from, Math.Min(Batch, upserted - from), cancellationToken));
        var earlyBatch = Math.Min(1, batches.Count - 1);
        var atSize = batches[^1];
        if (upserted < count)
        {
            progress($"copying stored rows in SQL up to {count - TimedBatch:N0} articles");
            await CopyRowsAsync(connections, upserted, count - TimedBatch, cancellationToken);
            atSize = await UpsertAsync(store, bodies, site, count - TimedBatch, TimedBatch, cancellationToken);
        }
        return new SeedingFigures(count, clock.Elapsed, earlyBatch * Batch, batches[earlyBatch], atSize);
    }

    /// <returns>Milliseconds per article.</returns>
    private static async Task<double> UpsertAsync(IArticleStore store, Article[] bodies, SiteOptions site, int from, int count,
        CancellationToken cancellationToken)
    {
        var batch = Enumerable.Range(from, count).Select(i => Stored(bodies, site, i)).ToArray();
        var start = Stopwatch.GetTimestamp();
        await store.UpsertAsync(batch, DateTimeOffset.UtcNow, cancellationToken);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
    }

    /// <summary>
    /// Copies the first <paramref name="template"/> articles (their authors, tags and revision rows too) until the store
    /// holds <paramref name="total"/>: copy i gets id stored-i, the slug and GUID that id gives, and i hours after 1990.
    /// Written for migration 1's schema; a schema change shows up here as an SQL error.
    /// </summary>
    private static async Task CopyRowsAsync(SqliteConnectionFactory connections, int template, int total, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        for (var first = template; first < total; first += template)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var parameters = new { first, last = Math.Min(first + template, total) - 1, template };
            foreach (var sql in CopySql)
                await connection.ExecuteAsync(sql, parameters, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    // n is the template row's number (its id is stored-n); i = @first + n is the copy's.
    private const string Template = """
        WITH template AS (
            SELECT id AS old_id, CAST(substr(id, 8) AS INTEGER) AS n FROM articles
            WHERE id >= 'stored-000000' AND id < 'stored-' || printf('%06d', @template)
        ), copies AS (
            SELECT old_id, 'stored-' || printf('%06d', @first + n) AS new_id,
                   strftime('%Y-%m-%dT%H:%M:%S.0000000Z', '1990-01-01 00:00:00', printf('+%d hours', @first + n)) AS date
            FROM template WHERE @first + n <= @last
        )
        """;

    private static readonly string[] CopySql =
    [
        Template + """
            INSERT INTO articles (id, guid, slug, title, summary, content_html, published, updated, is_draft, content_hash, revision, source_file, ingested_at)
            SELECT c.new_id, replace(a.guid, ':articles/' || a.id, ':articles/' || c.new_id), replace(a.slug, a.id, c.new_id),
                   a.title, a.summary, a.content_html, c.date, c.date, a.is_draft, a.content_hash, a.revision, c.new_id || '.txt', a.ingested_at
            FROM copies c JOIN articles a ON a.id = c.old_id
            """,
        Template + """
            INSERT INTO article_authors (article_id, position, name)
            SELECT c.new_id, x.position, x.name FROM copies c JOIN article_authors x ON x.article_id = c.old_id
            """,
        Template + """
            INSERT INTO article_tags (article_id, tag)
            SELECT c.new_id, x.tag FROM copies c JOIN article_tags x ON x.article_id = c.old_id
            """,
        Template + """
            INSERT INTO article_revisions (article_id, revision, title, authors, tags, summary, content_html, published, updated, is_draft, content_hash, source_file, stored_at)
            SELECT c.new_id, r.revision, r.title, r.authors, r.tags, r.summary, r.content_html, c.date, c.date, r.is_draft, r.content_hash,
                   c.new_id || '.txt', r.stored_at
            FROM copies c JOIN article_revisions r ON r.article_id = c.old_id
            """,
    ];
}
