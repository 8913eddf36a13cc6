using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

public sealed class UpdatedTimeTests
{
    private static readonly DateTimeOffset Midnight = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ingest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgres]
    public async Task Articles_dated_the_same_day_get_distinct_update_seconds_but_keep_their_published_date(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        for (var i = 0; i < 5; i++)
            await db.UpsertAsync(TestStore.Article($"same-day-{i}", title: $"Same day {i}", published: Midnight), Ingest);

        var stored = await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None);

        Assert.All(stored, a => Assert.Equal(Midnight, a.Published));
        Assert.Equal(5, stored.Select(a => a.Updated).Distinct().Count());
        Assert.All(stored, a => Assert.InRange(a.Updated, Midnight, Midnight.AddSeconds(4)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_batch_dated_the_same_day_gets_update_seconds_distinct_from_the_table_and_from_each_other(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("earlier-0", published: Midnight), Ingest);
        await db.UpsertAsync(TestStore.Article("earlier-1", published: Midnight), Ingest);
        var precise = Midnight.AddMinutes(10).AddMilliseconds(500);
        var batch = Enumerable.Range(0, 6).Select(i => TestStore.Article($"batch-{i}", title: $"Batch {i}", published: Midnight))
            .Append(TestStore.Article("batch-precise", published: precise)).ToList();

        await db.Store.UpsertAsync(batch, Ingest, CancellationToken.None);

        var stored = await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 20, CancellationToken.None);
        Assert.Equal(9, stored.Count);
        Assert.Equal(9, stored.Select(a => a.Updated.ToUnixTimeSeconds()).Distinct().Count());
        Assert.All(stored.Where(a => a.Id != "batch-precise"), a => Assert.InRange(a.Updated, Midnight, Midnight.AddSeconds(7)));
        Assert.Equal(precise, stored.Single(a => a.Id == "batch-precise").Updated);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_article_whose_time_is_free_keeps_its_exact_update_time(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var precise = new DateTimeOffset(2024, 3, 1, 9, 30, 15, 250, TimeSpan.Zero);
        await db.UpsertAsync(TestStore.Article("precise", published: precise), Ingest);

        var stored = await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 1, CancellationToken.None);

        Assert.Equal(precise, stored.Single().Updated);
    }
}
