using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>What the store gives back: the newest published articles of a scope (the site, one tag, one author), previews, images.</summary>
public sealed class ArticleScopeTests
{
    private static readonly DateTimeOffset Ingest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgres]
    public async Task Tag_and_author_scopes_give_only_their_published_articles_newest_first(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync(
        [
            TestStore.Article("old-transport", "Old transport", Day(1), authors: ["Jane Doe"], tags: ["Transport"]),
            TestStore.Article("new-transport", "New transport", Day(3), authors: ["John Roe"], tags: ["Transport", "City"]),
            TestStore.Article("city-only", "City only", Day(2), authors: ["Jane Doe", "John Roe"], tags: ["City"]),
            TestStore.Article("draft-transport", "Draft transport", Day(4), authors: ["Jane Doe"], tags: ["Transport"], draft: true),
        ], Ingest, CancellationToken.None);

        Assert.Equal(["new-transport", "city-only", "old-transport"], await IdsAsync(db, ArticleScope.Site));
        Assert.Equal(["new-transport", "old-transport"], await IdsAsync(db, ArticleScope.Tag("Transport")));
        Assert.Equal(["city-only", "old-transport"], await IdsAsync(db, ArticleScope.Author("Jane Doe")));
        Assert.Empty(await IdsAsync(db, ArticleScope.Tag("Sport")));
        Assert.Equal(["new-transport"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Tag("City"), 1, CancellationToken.None)).Select(a => a.Id));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_preview_says_what_an_upsert_would_do_and_keeps_nothing(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var article = TestStore.Article("a1", "First", Day(1));
        await db.UpsertAsync(article, Ingest);

        var preview = await db.Store.PreviewUpsertAsync([article, TestStore.Article("a2", "Second", Day(2))], Ingest, CancellationToken.None);

        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Inserted], preview);
        Assert.Equal(1, await db.CountArticlesAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Featured_image_is_stored_and_read_back_and_only_a_change_to_it_is_an_update(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var plain = TestStore.Article("a1", "Pictured", Day(1));
        var pictured = plain with { ImageUrl = "https://cdn.example.org/a.jpg", ImageAlt = "A picture" };

        Assert.Equal(UpsertOutcome.Inserted, await db.UpsertAsync(plain, Ingest));
        Assert.Equal(UpsertOutcome.Unchanged, await db.UpsertAsync(plain, Ingest));
        Assert.Null(Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None)).ImageUrl);
        Assert.Equal(UpsertOutcome.Updated, await db.UpsertAsync(pictured, Ingest));
        Assert.Equal(UpsertOutcome.Unchanged, await db.UpsertAsync(pictured, Ingest));

        var stored = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None));
        Assert.Equal(("https://cdn.example.org/a.jpg", "A picture"), (stored.ImageUrl, stored.ImageAlt));
        Assert.Equal([(string?)null], await db.QueryAsync<string?>("SELECT image_url FROM article_revisions"));
    }

    private static DateTimeOffset Day(int day) => new(2024, 2, day, 9, 0, 0, TimeSpan.Zero);

    private static async Task<string[]> IdsAsync(TestStore db, ArticleScope scope) =>
        (await db.Store.GetNewestPublishedAsync(scope, 10, CancellationToken.None)).Select(a => a.Id).ToArray();
}
