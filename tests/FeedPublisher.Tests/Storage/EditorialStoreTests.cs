using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>
/// The store contract for what editors do and what other processes learn of it, on every backend: retractions and
/// restores, embargoes, the change log, recorded settings, and two writers at once on one database.
/// </summary>
public sealed class EditorialStoreTests
{
    private static readonly DateTimeOffset Ingest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retraction_takes_the_article_out_of_every_scope_keeps_it_stored_and_a_restore_brings_it_back_later(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.Store.UpsertAsync(
        [
            TestStore.Article("kept", "Kept", Ingest.AddDays(-2), tags: ["Transport"]),
            TestStore.Article("taken", "Taken", Ingest.AddDays(-1), tags: ["Transport"], authors: ["Ann Lee"]),
        ], Ingest, None);
        var before = await db.Store.FindByIdAsync("taken", None);
        var at = Ingest.AddHours(1);

        var retracted = await db.Store.RetractAsync("taken", new Retraction(at, "Published in error", "Desk"), "command line", None);

        Assert.Equal([UpsertOutcome.Updated], retracted!);
        Assert.Equal(["Transport"], retracted!.TouchedTags);
        Assert.Equal(["Ann Lee"], retracted.TouchedAuthors);
        Assert.Equal(["kept"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, None)).Select(a => a.Id));
        Assert.Equal(["kept"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Tag("Transport"), 10, None)).Select(a => a.Id));
        Assert.Empty(await db.Store.GetNewestPublishedAsync(ArticleScope.Author("Ann Lee"), 10, None));
        Assert.Equal(2, await db.CountArticlesAsync());
        var tombstone = Assert.Single(await db.Store.GetRetractedSinceAsync(ArticleScope.Tag("Transport"), Ingest, None));
        Assert.Equal((before!.Guid, at, "Published in error", "Desk"), (tombstone.Ref, tombstone.RetractedAt, tombstone.Reason, tombstone.RetractedBy));
        Assert.Empty(await db.Store.GetRetractedSinceAsync(ArticleScope.Tag("Transport"), at.AddSeconds(1), None));
        Assert.Equal([UpsertOutcome.Unchanged], (await db.Store.RetractAsync("taken", new Retraction(at, null, null), "again", None))!);
        Assert.Null(await db.Store.RetractAsync("no-such-id", new Retraction(at, null, null), "command line", None));

        var restored = await db.Store.RestoreAsync("taken", at.AddMinutes(5), None);

        Assert.Equal([UpsertOutcome.Updated], restored!);
        var back = await db.Store.FindByIdAsync("taken", None);
        Assert.Null(back!.Retraction);
        Assert.True(back.Updated > at, $"a restore is updated after the tombstone: {back.Updated:O} against {at:O}");
        Assert.Equal(["kept", "taken"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Tag("Transport"), 10, None)).Select(a => a.Id).Order());
        Assert.Equal(1, (await db.QueryAsync<long>("SELECT COUNT(*) FROM article_retractions WHERE restored_at IS NOT NULL")).Single());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_article_dated_after_its_ingest_is_held_until_then_and_published_in_the_next_place(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var due = Ingest.AddDays(3);
        await db.Store.UpsertAsync([TestStore.Article("now", "Now", Ingest.AddHours(-1)), TestStore.Article("later", "Later", due)], Ingest, None);

        Assert.Equal(["now"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, None)).Select(a => a.Id));
        Assert.Equal(due, await db.Store.GetNextEmbargoAsync(None));
        Assert.Equal(due, Assert.Single(await db.Store.GetHeldAsync(10, None)).ScheduledFor);
        Assert.Empty(await db.Store.PublishDueAsync(due.AddSeconds(-1), None));

        var published = await db.Store.PublishDueAsync(due, None);

        Assert.Equal([UpsertOutcome.Updated], published);
        Assert.Equal([2L], published.TouchedPositions);
        Assert.Null(await db.Store.GetNextEmbargoAsync(None));
        Assert.Equal(["later", "now"], (await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, None)).Select(a => a.Id));
        Assert.Equal(2, await db.Store.GetLastPositionAsync(None));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_write_that_changes_an_article_is_in_the_change_log_with_what_it_touched(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var log = (IStoreChangeLog)db.Store;
        Assert.Equal(0, await log.LatestAsync(None));
        var article = TestStore.Article("a1", "One", Ingest.AddDays(-1), tags: ["City"], authors: ["Ann Lee"]);

        await db.Store.UpsertAsync([article], Ingest, None);
        var afterInsert = await log.LatestAsync(None);
        await db.Store.UpsertAsync([article], Ingest, None);

        Assert.Equal(afterInsert, await log.LatestAsync(None));
        await db.Store.RetractAsync("a1", new Retraction(Ingest.AddHours(1), null, null), "test", None);
        var changes = await log.SinceAsync(0, 10, None);
        Assert.Equal(2, changes.Count);
        Assert.True(changes[1].Sequence > changes[0].Sequence);
        Assert.All(changes, change => Assert.Equal(log.Writer, change.Writer));
        Assert.Equal(["City"], changes[0].Tags);
        Assert.Equal(["Ann Lee"], changes[0].Authors);
        Assert.Equal([1L], changes[0].Positions);
        Assert.Equal([changes[1].Sequence], (await log.SinceAsync(changes[0].Sequence, 10, None)).Select(change => change.Sequence));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_write_that_touched_many_tags_and_authors_is_logged_in_rows_of_a_bounded_share_with_every_name_once(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var log = (IStoreChangeLog)db.Store;
        var articles = Enumerable.Range(0, 10).Select(i => TestStore.Article($"story-{i}", $"Story {i}", Ingest.AddMinutes(-i),
            tags: [$"Topic {i}a", $"Topic {i}b", $"Topic {i}c"], authors: [$"Writer {i}"])).ToArray();

        await db.Store.UpsertAsync(articles, Ingest, None);

        var rows = await log.SinceAsync(0, 100, None);
        Assert.Equal(3, rows.Count); // 30 tags and 10 authors, 16 a row
        Assert.All(rows, row => Assert.InRange(row.Tags.Count + row.Authors.Count, 1, StoreChangeRows.MaxScopesPerRow));
        Assert.Equal(articles.SelectMany(a => a.Tags).Order(StringComparer.Ordinal), rows.SelectMany(row => row.Tags).Order(StringComparer.Ordinal));
        Assert.Equal(articles.SelectMany(a => a.Authors).Order(StringComparer.Ordinal), rows.SelectMany(row => row.Authors).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), rows.SelectMany(row => row.Positions).Order());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_recorded_setting_keeps_its_first_value(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        Assert.Null(await db.Store.FindSettingAsync("archive_page_size", None));

        Assert.Equal("100", await db.Store.KeepSettingAsync("archive_page_size", "100", None));
        Assert.Equal("100", await db.Store.KeepSettingAsync("archive_page_size", "25", None));
        Assert.Equal("100", await db.Store.FindSettingAsync("archive_page_size", None));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_writers_on_one_database_store_each_id_once_with_distinct_slugs_places_and_log_numbers(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var second = db.SecondStore(out var resources);
        await using var _ = resources;
        // Both take every id, in batches, with one headline for all: the slugs clash, the ids overlap.
        var articles = Enumerable.Range(0, 60).Select(i => TestStore.Article($"story-{i:D2}", "Same headline", Ingest.AddMinutes(-i))).ToArray();

        await Task.WhenAll(
            Task.Run(async () => { foreach (var batch in articles.Chunk(7)) await db.Store.UpsertAsync(batch, Ingest, None); }),
            Task.Run(async () => { foreach (var batch in articles.Reverse().Chunk(5)) await second.UpsertAsync(batch, Ingest, None); }));

        var rows = await db.QueryAsync<(string Id, string Slug, long Position)>("SELECT id, slug, position FROM articles");
        Assert.Equal(60, rows.Count);
        Assert.Equal(60, rows.Select(r => r.Slug).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 60).Select(n => (long)n), rows.Select(r => r.Position).Order());
        var log = await ((IStoreChangeLog)db.Store).SinceAsync(0, 1000, None);
        Assert.Equal(60, log.SelectMany(change => change.Positions).Distinct().Count());
        Assert.Equal(log.Select(change => change.Sequence).Order(), log.Select(change => change.Sequence));
    }
}
