using FeedPublisher.Storage;
using FeedPublisher.Storage.Postgres;
using FeedPublisher.Storage.Sqlite;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>The store contract on every backend: upserts, revisions, slugs, drafts, order and migrations.</summary>
public sealed class ArticleUpsertTests
{
    private static readonly DateTimeOffset June20 = new(2014, 6, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstIngest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondIngest = new(2024, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgres]
    public async Task Same_content_again_is_unchanged_and_changes_nothing(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var article = TestStore.Article("a1", published: June20);

        Assert.Equal(UpsertOutcome.Inserted, await db.UpsertAsync(article, FirstIngest));
        Assert.Equal(UpsertOutcome.Unchanged, await db.UpsertAsync(article, SecondIngest));

        var stored = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None));
        Assert.Equal(1, stored.Revision);
        Assert.Equal(June20, stored.Updated);
        Assert.Equal(0, Assert.Single(await db.QueryAsync<int>("SELECT COUNT(*) FROM article_revisions WHERE article_id = 'a1'")));
        Assert.Equal(FirstIngest, Assert.Single(await db.QueryAsync<DateTimeOffset>("SELECT ingested_at FROM articles")));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task New_content_under_the_same_id_is_an_update_that_keeps_identity_and_the_old_revision(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var first = TestStore.Article("a1", title: "First headline", published: June20, body: "Old body.");
        // A re-export with a new headline and a corrected date would mint a different slug and GUID; the store keeps the first.
        var second = TestStore.Article("a1", title: "Corrected headline", published: June20.AddDays(1), body: "New body.");
        Assert.NotEqual(first.Guid, second.Guid);

        Assert.Equal(UpsertOutcome.Inserted, await db.UpsertAsync(first, FirstIngest));
        var before = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None));
        Assert.Equal(UpsertOutcome.Updated, await db.UpsertAsync(second, SecondIngest));
        var after = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None));

        Assert.Equal(before.Guid, after.Guid);
        Assert.Equal("first-headline", after.Slug);
        Assert.Equal(before.Published, after.Published);
        Assert.True(after.Updated > before.Updated, $"updated should move forward: {before.Updated:O} -> {after.Updated:O}");
        Assert.Equal(SecondIngest, after.Updated);
        Assert.Equal(2, after.Revision);
        Assert.Equal("Corrected headline", after.Title);
        Assert.Equal("<p>New body.</p>", after.ContentHtml);

        // The history holds the replaced version, authors and tags included; the current one lives in articles.
        var revisions = await db.QueryAsync<(long Revision, string Title, string ContentHtml, string Authors)>(
            "SELECT revision, title, content_html, authors FROM article_revisions WHERE article_id = 'a1' ORDER BY revision");
        Assert.Equal([(1L, "First headline", "<p>Old body.</p>", string.Join('\n', first.Authors))], revisions);
        Assert.Equal([FirstIngest], (await db.Store.GetRevisionsAsync("a1", CancellationToken.None)).Select(r => r.StoredAt));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Updated_time_moves_forward_even_when_the_ingest_clock_is_behind(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        Assert.Equal(UpsertOutcome.Inserted, await db.UpsertAsync(TestStore.Article("a1", published: June20, body: "One."), SecondIngest));
        var first = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.Equal(UpsertOutcome.Updated, await db.UpsertAsync(TestStore.Article("a1", published: June20, body: "Two."), June20));
        var second = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.True(second.Updated > first.Updated);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_articles_with_the_same_title_get_distinct_slugs(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("one", title: "X", published: June20), FirstIngest);
        await db.UpsertAsync(TestStore.Article("two", title: "X", published: June20.AddHours(1)), FirstIngest);
        await db.UpsertAsync(TestStore.Article("three", title: "X", published: June20.AddHours(2)), FirstIngest);

        var slugs = (await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None)).ToDictionary(a => a.Id, a => a.Slug);
        Assert.Equal("x", slugs["one"]);
        Assert.Equal("x-2", slugs["two"]);
        Assert.Equal("x-3", slugs["three"]);
        Assert.Equal("two", (await db.Store.FindPublishedBySlugAsync("x-2", CancellationToken.None))?.Id);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Drafts_are_stored_but_not_published(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("public", title: "Public", published: June20), FirstIngest);
        await db.UpsertAsync(TestStore.Article("draft", title: "Draft", published: June20.AddDays(1), draft: true), FirstIngest);

        Assert.Equal(2, await db.CountArticlesAsync());
        Assert.Equal(["public"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None)).Select(a => a.Id));
        Assert.Null(await db.Store.FindPublishedBySlugAsync("draft", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Newest_published_are_returned_newest_first_up_to_the_count(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var days = new[] { 3, 1, 5, 2, 4 };
        await db.Store.UpsertAsync(
            days.Select(d => TestStore.Article($"day{d}", title: $"Day {d}", published: June20.AddDays(d))).ToArray(), FirstIngest, CancellationToken.None);

        var newest = await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 3, CancellationToken.None);
        Assert.Equal(["day5", "day4", "day3"], newest.Select(a => a.Id));
        Assert.Equal(June20.AddDays(5), newest[0].Published);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Article_without_a_date_is_published_at_its_ingest_time(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("undated", published: null), FirstIngest);
        var stored = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.Equal(FirstIngest, stored.Published);
        Assert.Equal(FirstIngest, stored.Updated);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Authors_and_tags_are_stored_in_order_and_replaced_on_update(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("a1", published: June20, authors: ["Zed Last", "Amy First"], tags: ["b", "a"]), FirstIngest);
        var first = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.Equal(["Zed Last", "Amy First"], first.Authors);
        Assert.Equal(["a", "b"], first.Tags);

        await db.UpsertAsync(TestStore.Article("a1", published: June20, authors: ["Amy First"], tags: ["c"]), SecondIngest);
        var second = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.Equal(["Amy First"], second.Authors);
        Assert.Equal(["c"], second.Tags);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Migrating_twice_is_harmless_and_keeps_the_data(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("a1", published: June20), FirstIngest);

        await db.Store.MigrateAsync(CancellationToken.None);
        await db.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(1, await db.CountArticlesAsync());
        var steps = backend == StoreBackend.Sqlite ? SqliteMigrations.All : PostgresMigrations.All;
        Assert.Equal(steps.Select(m => (long)m.Version), await db.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_schema_newer_than_this_build_knows_is_refused_with_a_message_that_says_so(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("a1", published: June20), FirstIngest);
        await db.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (999, @at)",
            new { at = backend == StoreBackend.Sqlite ? (object)"2030-01-01T00:00:00.0000000Z" : new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) });

        var error = await Assert.ThrowsAsync<NewerSchemaException>(() => db.Store.MigrateAsync(CancellationToken.None));

        Assert.Contains("schema version 999, newer than this FeedPublisher knows", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await db.CountArticlesAsync());
    }
}
