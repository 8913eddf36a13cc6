using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FeedPublisher.Tests.EndToEnd;

[Collection(RealAppCollection.Name)]
public sealed class BurstTests(ITestOutputHelper output)
{
    private const int FileCount = 200;

    [Fact]
    public async Task Burst_of_200_files_is_all_published_with_far_fewer_feed_regenerations()
    {
        // A clock that stands still: the burst's regenerations come from the inbox draining, never from time passing
        // (FeedRefreshThrottleTests covers the refresh every two seconds during a long burst).
        await using var app = await TestApp.StartAsync(new TestAppSetup(Time: new FakeTimeProvider(DateTimeOffset.UtcNow)), "--Feeds:ItemCount=500");
        // Let the start-up regeneration pass, so the count below is about the burst only.
        await app.WaitUntilAsync(() => File.Exists(app.RssPath), "the start-up feed");
        var before = app.RegenerationsSinceStart;

        // Written elsewhere and moved in, as an export does: complete when they appear, so none waits to settle.
        var template = TestFiles.FixtureText("burst-template.md");
        var staging = Path.Combine(app.Root, "staging");
        Directory.CreateDirectory(staging);
        for (var n = 1; n <= FileCount; n++)
            File.WriteAllText(Path.Combine(staging, $"burst-{n:D3}.md"), template.Replace("{{N}}", n.ToString()));
        await app.WaitUntilAsync(() => app.Services.GetRequiredService<FeedPublisher.Inbox.InboxStatus>().Watching, "the inbox watcher");
        foreach (var file in Directory.GetFiles(staging))
            File.Move(file, Path.Combine(app.InboxPath, Path.GetFileName(file)));

        var timeout = TimeSpan.FromSeconds(120);
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == FileCount, $"{FileCount} files in processed/", timeout);
        var feed = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == FileCount, $"{FileCount} items in rss.xml", timeout);
        await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Count == FileCount, $"{FileCount} items in atom.xml", timeout);

        Assert.Empty(app.FileNamesIn(app.InboxPath));
        Assert.Empty(app.FileNamesIn(app.FailedPath));
        Assert.Equal(FileCount, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        Assert.Equal(FileCount, feed.Items.Select(i => i.Id).Distinct().Count());
        // The feed file is on disk a moment before the regeneration that wrote it is counted as finished.
        await app.WaitUntilAsync(() => app.RegenerationsSinceStart > before, "the burst's regeneration to be counted");
        var regenerations = app.RegenerationsSinceStart - before;
        output.WriteLine($"{FileCount} files were published in {regenerations} feed regeneration(s).");
        Assert.InRange(regenerations, 1, FileCount / 4);
    }
}
