using System.Text;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Tests.Feeds;

/// <summary>From the real store to the neutral model to both formats.</summary>
public sealed class FeedDocumentBuilderTests
{
    private static readonly DateTimeOffset June20 = new(2014, 6, 20, 0, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgres]
    public async Task Feed_updated_time_is_the_newest_entry_updated_time_not_the_clock(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        await db.UpsertAsync(TestStore.Article("new", title: "Newest published", published: June20.AddDays(2)), June20.AddDays(30));
        await db.UpsertAsync(TestStore.Article("old", title: "Older but edited", published: June20, updated: June20.AddDays(5)), June20.AddDays(30));
        var document = await Builder(db).BuildAsync(CancellationToken.None);

        Assert.Equal(June20.AddDays(5), document.Updated);
        Assert.Equal(["Newest published", "Older but edited"], document.Entries.Select(e => e.Title));

        var rss = Encoding.UTF8.GetString(new RssFeedFormat().Write(document, SampleFeed.SelfUri("rss.xml")));
        Assert.Equal("Wed, 25 Jun 2014 00:00:00 +0000", XDocument.Parse(rss).Root!.Element("channel")!.Element("lastBuildDate")?.Value);
        var atom = FeedReader.ReadFromString(Encoding.UTF8.GetString(new AtomFeedFormat().Write(document, SampleFeed.SelfUri("atom.xml"))));
        Assert.Equal(June20.AddDays(5), new DateTimeOffset(atom.LastUpdatedDate!.Value.ToUniversalTime()));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Feed_entries_link_to_the_article_slug_under_the_base_url_and_respect_the_item_count(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        for (var i = 1; i <= 4; i++)
            await db.UpsertAsync(TestStore.Article($"a{i}", title: $"Story {i}", published: June20.AddDays(i)), June20.AddDays(30));
        // Two complete archive pages of two: every article is archived, so only the item count decides.
        var document = await Builder(db, itemCount: 3, archivePageSize: 2).BuildAsync(CancellationToken.None);

        Assert.Equal(["Story 4", "Story 3", "Story 2"], document.Entries.Select(e => e.Title));
        Assert.Equal(new Uri("http://127.0.0.1:5080/articles/story-4"), document.Entries[0].Link);
        Assert.Equal("tag:127.0.0.1,2014-06-24:articles/a4", document.Entries[0].Id);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Empty_store_gives_a_feed_without_updated_time(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        var document = await Builder(db).BuildAsync(CancellationToken.None);
        Assert.Empty(document.Entries);
        Assert.Null(document.Updated);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Site_feed_holds_every_article_not_yet_on_a_complete_archive_page_beyond_the_item_count(StoreBackend backend)
    {
        await using var db = await TestStore.CreateAsync(backend);
        for (var i = 1; i <= 5; i++)
            await db.UpsertAsync(TestStore.Article($"a{i}", title: $"Story {i}", published: June20.AddDays(-i)), June20);
        // Pages of two: positions 1-4 are archived, 5 is not; the newest two by date are stories 1 and 2.
        var document = await Builder(db, itemCount: 2, archivePageSize: 2).BuildAsync(CancellationToken.None);

        Assert.Equal(["Story 1", "Story 2", "Story 5"], document.Entries.Select(e => e.Title));
    }

    private static FeedDocumentBuilder Builder(TestStore db, int itemCount = 50, int archivePageSize = 100) =>
        new(db.Store, Options.Create(ShippedSettings.Site()), new SiteUrls(Options.Create(ShippedSettings.Site())),
            new FeedUrls(new SiteUrls(Options.Create(ShippedSettings.Site()))), Options.Create(new FeedsOptions { ItemCount = itemCount, ArchivePageSize = archivePageSize }), TimeProvider.System);
}
