using FeedPublisher.Tests.Support;
using Xunit.Abstractions;

namespace FeedPublisher.Tests.EndToEnd;

[Collection(RealAppCollection.Name)]
public sealed class BurstTests(ITestOutputHelper output)
{
    private const int FileCount = 200;

    [Fact]
    public async Task Burst_of_200_files_is_all_published_with_far_fewer_feed_regenerations()
    {
        await using var app = await TestApp.StartAsync("--Feeds:ItemCount=500");
        // Let the start-up regeneration pass, so the count below is about the burst only.
        await app.WaitUntilAsync(() => File.Exists(app.RssPath), "the start-up feed");
        var before = app.RegenerationsSinceStart;

        var template = TestFiles.FixtureText("burst-template.md");
        for (var n = 1; n <= FileCount; n++)
            app.DropIntoInbox($"burst-{n:D3}.md", System.Text.Encoding.UTF8.GetBytes(template.Replace("{{N}}", n.ToString())));

        var timeout = TimeSpan.FromSeconds(120);
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == FileCount, $"{FileCount} files in processed/", timeout);
        var feed = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == FileCount, $"{FileCount} items in rss.xml", timeout);
        await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Count == FileCount, $"{FileCount} items in atom.xml", timeout);

        Assert.Empty(app.FileNamesIn(app.InboxPath));
        Assert.Empty(app.FileNamesIn(app.FailedPath));
        Assert.Equal(FileCount, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        Assert.Equal(FileCount, feed.Items.Select(i => i.Id).Distinct().Count());
        // The job writes both files before it hands them to the web layer (which compresses them), and only then counts
        // as finished; a count read the moment the files are complete can miss the run that wrote them.
        await app.WaitUntilAsync(() => app.RegenerationsSinceStart > before, "the regeneration that wrote the feeds to finish", timeout);
        var regenerations = app.RegenerationsSinceStart - before;
        output.WriteLine($"{FileCount} files were published in {regenerations} feed regeneration(s).");
        Assert.InRange(regenerations, 1, FileCount / 4);
    }
}
