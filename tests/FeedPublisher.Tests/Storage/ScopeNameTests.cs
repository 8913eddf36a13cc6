using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>Tags and authors get a slug once, for their pages and feeds; an upsert says which of them it touched.</summary>
public sealed class ScopeNameTests
{
    private static readonly DateTimeOffset Ingest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgres]
    public async Task Each_tag_and_author_gets_a_slug_by_the_article_rules_and_a_clash_gets_a_number(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync([TestStore.Article("a1", tags: ["C# News", "Straße"], authors: ["Zoë Müller"])], Ingest, CancellationToken.None);
        await db.Store.UpsertAsync([TestStore.Article("a2", "Other", tags: ["C News"])], Ingest, CancellationToken.None);

        Assert.Equal("C# News", (await db.Store.FindScopeAsync(ArticleScopeKind.Tag, "c-news", CancellationToken.None))?.Name);
        Assert.Equal("C News", (await db.Store.FindScopeAsync(ArticleScopeKind.Tag, "c-news-2", CancellationToken.None))?.Name);
        Assert.Equal("Straße", (await db.Store.FindScopeAsync(ArticleScopeKind.Tag, "strasse", CancellationToken.None))?.Name);
        Assert.Equal("Zoë Müller", (await db.Store.FindScopeAsync(ArticleScopeKind.Author, "zoe-muller", CancellationToken.None))?.Name);
        Assert.Null(await db.Store.FindScopeAsync(ArticleScopeKind.Tag, "sport", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_slug_once_given_stays_when_articles_come_and_go(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync([TestStore.Article("a1", tags: ["Transport"])], Ingest, CancellationToken.None);
        await db.Store.UpsertAsync([TestStore.Article("a1", body: "Changed.", tags: ["City"])], Ingest.AddHours(1), CancellationToken.None);
        await db.Store.UpsertAsync([TestStore.Article("a2", "Other", tags: ["Transport"])], Ingest.AddHours(2), CancellationToken.None);

        Assert.Equal([("City", "city"), ("Transport", "transport")],
            (await db.QueryAsync<(string, string)>("SELECT name, slug FROM tags ORDER BY name")).ToArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_update_touches_the_tags_and_authors_it_had_and_has_and_an_unchanged_article_none(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var first = TestStore.Article("a1", tags: ["Old", "Kept"], authors: ["Jane Doe"]);
        var inserted = await db.Store.UpsertAsync([first], Ingest, CancellationToken.None);
        var unchanged = await db.Store.UpsertAsync([first], Ingest, CancellationToken.None);
        var updated = await db.Store.UpsertAsync(
            [TestStore.Article("a1", body: "New text.", tags: ["Kept", "New"], authors: ["John Roe"])], Ingest.AddHours(1), CancellationToken.None);

        Assert.Equal(["Kept", "Old"], inserted.TouchedTags.Order());
        Assert.Empty(unchanged.TouchedTags);
        Assert.Empty(unchanged.TouchedAuthors);
        Assert.Equal(["Kept", "New", "Old"], updated.TouchedTags.Order());
        Assert.Equal(["Jane Doe", "John Roe"], updated.TouchedAuthors.Order());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Names_stored_before_slugs_existed_get_theirs_at_the_next_start(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync([TestStore.Article("a1", tags: ["Transport"])], Ingest, CancellationToken.None);
        // As a database from before migration 4 holds it: the article's tag, with no row in tags.
        await db.ExecuteAsync("INSERT INTO article_tags (article_id, tag) VALUES ('a1', 'Harbour')");

        await db.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal("Harbour", (await db.Store.FindScopeAsync(ArticleScopeKind.Tag, "harbour", CancellationToken.None))?.Name);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_catalogue_lists_published_articles_per_tag_and_follows_the_touched_names(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync(
        [
            TestStore.Article("a1", "One", tags: ["Transport", "City"]),
            TestStore.Article("a2", "Two", tags: ["Transport"]),
            TestStore.Article("a3", "Three", tags: ["Secret"], draft: true),
        ], Ingest, CancellationToken.None);
        var catalogue = new ScopeCatalogue(db.Store);

        catalogue.Publish(await catalogue.UpdatedAsync(FeedChanges.None, CancellationToken.None), 0);
        var before = catalogue.Tags.Select(t => (t.Name, t.Slug, t.PublishedArticles)).ToArray();
        var result = await db.Store.UpsertAsync([TestStore.Article("a4", "Four", tags: ["City", "Sport"])], Ingest, CancellationToken.None);
        var updated = await catalogue.UpdatedAsync(new FeedChanges(result.TouchedTags, result.TouchedAuthors), CancellationToken.None);
        Assert.Equal(before, catalogue.Tags.Select(t => (t.Name, t.Slug, t.PublishedArticles))); // not served before Publish
        catalogue.Publish(updated, 0);

        Assert.Equal([("City", "city", 1), ("Transport", "transport", 2)], before);
        Assert.Equal([("City", "city", 2), ("Sport", "sport", 1), ("Transport", "transport", 2)],
            catalogue.Tags.Select(t => (t.Name, t.Slug, t.PublishedArticles)));
        Assert.Equal(["Jane Doe"], catalogue.Authors.Select(a => a.Name));
    }
}
