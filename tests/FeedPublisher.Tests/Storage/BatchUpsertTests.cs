using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>Several articles in one UpsertAsync call: the store decides slugs, times and outcomes for the batch as a whole.</summary>
public sealed class BatchUpsertTests
{
    private static readonly DateTimeOffset Midnight = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ingest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(TestStore db, params FeedPublisher.Articles.Article[] articles) =>
        await db.Store.UpsertAsync(articles, Ingest, CancellationToken.None);

    [Theory, OnSqlite, OnPostgres]
    public async Task Same_title_within_one_batch_and_across_batches_gets_distinct_slugs(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await UpsertAsync(db, TestStore.Article("a", title: "Budget vote", published: Midnight));

        var outcomes = await UpsertAsync(db,
            TestStore.Article("b", title: "Budget vote", published: Midnight.AddHours(1)),
            TestStore.Article("c", title: "Budget vote", published: Midnight.AddHours(2)),
            TestStore.Article("d", title: "Other story", published: Midnight.AddHours(3)));

        Assert.Equal([UpsertOutcome.Inserted, UpsertOutcome.Inserted, UpsertOutcome.Inserted], outcomes);
        var slugs = (await db.QueryAsync<(string Id, string Slug)>("SELECT id, slug FROM articles ORDER BY id")).ToDictionary(r => r.Id, r => r.Slug);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "budget-vote", ["b"] = "budget-vote-2", ["c"] = "budget-vote-3", ["d"] = "other-story" }, slugs);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Same_second_within_one_batch_and_across_batches_gets_distinct_update_times(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await UpsertAsync(db, TestStore.Article("first", title: "First", published: Midnight));

        await UpsertAsync(db, Enumerable.Range(0, 5).Select(i => TestStore.Article($"day-{i}", title: $"Day {i}", published: Midnight)).ToArray());

        var updated = await db.QueryAsync<DateTimeOffset>("SELECT updated FROM articles ORDER BY updated");
        Assert.Equal(6, updated.Distinct().Count());
        Assert.Equal(Midnight, updated[0]);
        Assert.Equal(Midnight.AddSeconds(5), updated[^1]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_same_id_twice_in_one_batch_is_stored_once_then_updated_or_left_alone(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var first = TestStore.Article("story", title: "Story", published: Midnight, body: "First version.", authors: ["Ann Lee"], tags: ["labour"]);
        var same = TestStore.Article("story", title: "Story", published: Midnight, body: "First version.", authors: ["Ann Lee"], tags: ["labour"]);
        var corrected = TestStore.Article("story", title: "Story", published: Midnight, body: "Corrected version.", authors: ["Ann Lee", "Bo Chan"]);

        var outcomes = await UpsertAsync(db, first, same, corrected);

        Assert.Equal([UpsertOutcome.Inserted, UpsertOutcome.Unchanged, UpsertOutcome.Updated], outcomes);
        var stored = Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None));
        Assert.Equal(2, stored.Revision);
        Assert.Equal("<p>Corrected version.</p>", stored.ContentHtml);
        Assert.Equal(["Ann Lee", "Bo Chan"], stored.Authors);
        Assert.Empty(stored.Tags);
        Assert.Equal([(1L, "<p>First version.</p>", "Ann Lee", "labour")],
            await db.QueryAsync<(long, string, string, string)>("SELECT revision, content_html, authors, tags FROM article_revisions"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_batch_mixing_new_unchanged_and_changed_articles_reports_each_in_order(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await UpsertAsync(db,
            TestStore.Article("kept", title: "Kept", published: Midnight),
            TestStore.Article("changed", title: "Changed", published: Midnight.AddDays(1), body: "Old."));

        var outcomes = await UpsertAsync(db,
            TestStore.Article("new", title: "New", published: Midnight.AddDays(2)),
            TestStore.Article("kept", title: "Kept", published: Midnight),
            TestStore.Article("changed", title: "Changed", published: Midnight.AddDays(1), body: "New."));

        Assert.Equal([UpsertOutcome.Inserted, UpsertOutcome.Unchanged, UpsertOutcome.Updated], outcomes);
        Assert.Equal(3, await db.CountArticlesAsync());
        Assert.Equal(["Jane Doe", "Jane Doe", "Jane Doe"], await db.QueryAsync<string>("SELECT name FROM article_authors ORDER BY article_id"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_batch_of_updates_keeps_each_replaced_version_with_its_own_bylines_and_tags_and_stores_the_new_ones(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var ids = Enumerable.Range(0, 30).Select(i => $"story-{i:D2}").ToArray();
        await UpsertAsync(db, [.. ids.Select((id, i) => TestStore.Article(id, $"Old {i}", Midnight.AddMinutes(i), tags: [$"Old {i % 3}"], authors: [$"Writer {i}"])
            with { ImageUrl = i % 2 == 0 ? $"https://img.example/{i}.jpg" : null })]);

        var updates = ids.Select((id, i) => TestStore.Article(id, $"New {i}", Midnight.AddMinutes(i), body: $"Changed {i}.",
            tags: [$"New {i % 5}", "Shared"], authors: [$"Second {i}", $"Writer {i}"]) with { ImageUrl = i % 2 == 1 ? $"https://img.example/{i}.jpg" : null }).ToArray();
        var results = await db.Store.UpsertAsync(updates, Ingest.AddHours(1), CancellationToken.None);

        Assert.All(results, outcome => Assert.Equal(UpsertOutcome.Updated, outcome));
        Assert.Superset(new HashSet<string> { "Old 0", "Old 1", "Old 2", "New 0", "New 4", "Shared" }, results.TouchedTags.ToHashSet());
        Assert.Contains("Second 7", results.TouchedAuthors);
        var revisions = await db.QueryAsync<(string Id, long Revision, string Title, string Authors, string Tags, string? Image)>(
            "SELECT article_id, revision, title, authors, tags, image_url FROM article_revisions ORDER BY article_id");
        Assert.Equal(ids, revisions.Select(r => r.Id));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal((1L, $"Old {i}", $"Writer {i}", $"Old {i % 3}"), (revisions[i].Revision, revisions[i].Title, revisions[i].Authors, revisions[i].Tags));
            Assert.Equal(i % 2 == 0, revisions[i].Image is not null);
        }
        var stored = await db.QueryAsync<(string Id, long Revision, string Title, string? Image)>("SELECT id, revision, title, image_url FROM articles ORDER BY id");
        Assert.Equal(ids.Select((id, i) => (id, 2L, $"New {i}", i % 2 == 1)), stored.Select(r => (r.Id, r.Revision, r.Title, r.Image is not null)));
        var newest = await db.Store.FindByIdAsync("story-07", CancellationToken.None);
        Assert.Equal(["Second 7", "Writer 7"], newest!.Authors);
        Assert.Equal(["New 2", "Shared"], newest.Tags);
        Assert.Contains("Changed 7.", newest.ContentHtml);
        Assert.Equal(60L, (await db.QueryAsync<long>("SELECT COUNT(*) FROM article_tags")).Single());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_failing_batch_stores_none_of_its_articles(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await UpsertAsync(db, TestStore.Article("a", title: "A", published: Midnight));
        // Two ids minted with the same GUID break its unique constraint when the new rows are inserted together.
        var clash = TestStore.Article("b", title: "B", published: Midnight) with { Guid = (await db.QueryAsync<string>("SELECT guid FROM articles")).Single() };

        var error = await Assert.ThrowsAsync<StorageException>(() => UpsertAsync(db, TestStore.Article("c", title: "C", published: Midnight), clash));

        Assert.Contains("b.md", error.Message + error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], await db.QueryAsync<string>("SELECT id FROM articles"));
    }
}
