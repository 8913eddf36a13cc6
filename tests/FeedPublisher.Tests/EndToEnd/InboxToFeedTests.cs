using CodeHollow.FeedReader;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>The real service on temp folders: files go into the inbox, feeds come out.</summary>
[Collection(RealAppCollection.Name)]
public sealed class InboxToFeedTests
{
    [Fact]
    public Task Export_shaped_article_dropped_into_the_inbox_appears_in_both_feeds_and_moves_to_processed() =>
        DroppedArticleAppearsInBothFeedsAndMovesToProcessed(TestFiles.ExportShaped, TestFiles.FixtureBytes(TestFiles.ExportShaped), new(
            "River breaks its banks and floods the old town after a night of storms",
            "tag:127.0.0.1,2014-06-20:articles/000_5f3c2a9e8b7d6c41",
            "http://127.0.0.1:5080/articles/river-breaks-its-banks-and-floods-the-old-town-after-a-night-of-storms",
            "Clara Winterbottom"));

    [RealSampleFact]
    public Task Sample_dropped_into_the_inbox_appears_in_both_feeds_and_moves_to_processed() =>
        DroppedArticleAppearsInBothFeedsAndMovesToProcessed("000_01adffd9e7f90a7b.txt", TestFiles.SampleBytes(), new(
            "Ukraine regime launches military blitz after floating ceasefire plan",
            "tag:127.0.0.1,2014-06-20:articles/000_01adffd9e7f90a7b",
            "http://127.0.0.1:5080/articles/ukraine-regime-launches-military-blitz-after-floating-ceasefire-plan",
            "Bill Van Auken"));

    /// <summary>What readers must see of an article in the export's shape (dated 20 June 2014, with the contact trailer).</summary>
    private sealed record ExpectedItem(string Title, string Id, string Link, string Creator);

    private static async Task DroppedArticleAppearsInBothFeedsAndMovesToProcessed(string fileName, byte[] bytes, ExpectedItem expected)
    {
        await using var app = await TestApp.StartAsync();
        Assert.NotNull(app.BaseAddress);
        Assert.NotEqual(0, app.BaseAddress!.Port);

        var dropped = app.DropIntoInbox(fileName, bytes);

        var rss = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Any(i => i.Title == expected.Title), $"'{fileName}' in rss.xml");
        var atom = await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Any(i => i.Title == expected.Title), $"'{fileName}' in atom.xml");
        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, fileName));

        Assert.False(File.Exists(dropped));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.ProcessedPath, fileName)));
        var rssItem = Assert.Single(rss.Items);
        Assert.Equal(expected.Id, rssItem.Id);
        Assert.Equal(expected.Link, rssItem.Link);
        Assert.Equal(expected.Creator, ((CodeHollow.FeedReader.Feeds.Rss20FeedItem)rssItem.SpecificItem).DC?.Creator);
        Assert.DoesNotContain("Socialist Equality Party", rssItem.Content);
        var atomItem = Assert.Single(atom.Items);
        Assert.Equal(rssItem.Id, atomItem.Id);
        Assert.Equal(new DateTime(2014, 6, 20, 0, 0, 0, DateTimeKind.Utc), atomItem.PublishingDate?.ToUniversalTime());
        Assert.Empty(Directory.GetFiles(app.FeedsFolder, "*.tmp"));
    }

    [Fact]
    public async Task File_renamed_into_the_inbox_is_ingested()
    {
        await using var app = await TestApp.StartAsync();
        var partial = app.DropIntoInbox("renamed.md.tmp", TestFiles.FixtureBytes("harbour-strike.md"));
        File.Move(partial, Path.Combine(app.InboxPath, "renamed.md"));

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Any(i => i.Title == "Harbour workers stop the port after wage talks collapse"),
            "the renamed file in rss.xml");
        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, "renamed.md"));
        Assert.Empty(app.FileNamesIn(app.InboxPath));
        Assert.Empty(app.FileNamesIn(app.FailedPath));
    }

    [Fact]
    public async Task Bad_file_lands_in_failed_with_an_error_note_and_the_service_keeps_publishing()
    {
        await using var app = await TestApp.StartAsync();
        app.DropIntoInbox("no-title.md", TestFiles.FixtureBytes("no-title.md"));

        await app.WaitForFileAsync(Path.Combine(app.FailedPath, "no-title.md.error.txt"));
        await app.WaitForFileAsync(Path.Combine(app.FailedPath, "no-title.md"));
        var note = await File.ReadAllTextAsync(Path.Combine(app.FailedPath, "no-title.md.error.txt"));
        Assert.Contains("'no-title.md'", note);
        Assert.Contains("no title", note);
        Assert.Contains("'# ", note);

        app.DropIntoInbox("three-authors.md", TestFiles.FixtureBytes("three-authors.md"));
        var feed = await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Any(i => i.Title == "Three reporters share one byline"),
            "a good file after the bad one in atom.xml");
        Assert.Single(feed.Items);
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
    }

    [Fact]
    public async Task Files_present_before_start_up_are_ingested()
    {
        await using var app = TestApp.Create();
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        app.DropIntoInbox("three-authors.md", TestFiles.FixtureBytes("three-authors.md"));
        await app.StartAsync();

        var feed = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 2, "both files in rss.xml");
        Assert.Equal(
            ["Harbour workers stop the port after wage talks collapse", "Three reporters share one byline"],
            feed.Items.Select(i => i.Title).Order(StringComparer.Ordinal));
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == 2, "both files in processed/");
        Assert.Empty(app.FileNamesIn(app.InboxPath));
    }

    [Fact]
    public async Task Same_file_dropped_again_does_not_duplicate_the_feed_item()
    {
        await using var app = await TestApp.StartAsync();
        var bytes = TestFiles.FixtureBytes("harbour-strike.md");
        app.DropIntoInbox("harbour-strike.md", bytes);
        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 1, "the first drop in rss.xml");
        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, "harbour-strike.md"));

        app.DropIntoInbox("harbour-strike.md", bytes);
        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, "harbour-strike-2.md"));

        Assert.Empty(app.FileNamesIn(app.InboxPath));
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT revision FROM articles WHERE id = 'harbour-strike'"));
        Assert.Equal(0, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM article_revisions"));
        Assert.Single(TestApp.ReadFeed(app.RssPath)!.Items);
        Assert.Single(TestApp.ReadFeed(app.AtomPath)!.Items);
    }

    [Fact]
    public async Task Changed_file_under_the_same_name_updates_the_item_in_place()
    {
        await using var app = await TestApp.StartAsync();
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        var first = await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Count == 1, "the first version in atom.xml");

        var corrected = TestFiles.FixtureText("harbour-strike.md").Replace("walked out on Thursday", "walked out on Friday");
        app.DropIntoInbox("harbour-strike.md", System.Text.Encoding.UTF8.GetBytes(corrected));
        var second = await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Count == 1 && f.Items[0].Content.Contains("walked out on Friday"),
            "the corrected version in atom.xml");

        Assert.Equal(first.Items[0].Id, second.Items[0].Id);
        Assert.Equal(first.Items[0].Link, second.Items[0].Link);
        Assert.Equal(2, await app.QueryScalarAsync<long>("SELECT revision FROM articles WHERE id = 'harbour-strike'"));
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT revision FROM article_revisions WHERE article_id = 'harbour-strike'"));
    }
}
