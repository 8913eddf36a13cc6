using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Reliability;

[Collection(RealAppCollection.Name)]
public sealed class RegenerationFaultTests
{
    [Fact]
    public async Task An_unwritable_feeds_folder_keeps_the_last_good_feed_and_recovers_on_its_own()
    {
        await using var app = await TestApp.StartAsync();
        var regenerator = app.Services.GetRequiredService<FeedRegenerator>();
        app.DropIntoInbox("first.md", Article("First article before the fault"));
        await Eventually.TrueAsync(() => File.Exists(app.AtomPath) && File.ReadAllText(app.AtomPath).Contains("First article before the fault"),
            "the first article in the feed");
        var good = await File.ReadAllBytesAsync(app.AtomPath);

        // A file where the folder should be: nothing can be written there.
        Directory.Move(app.FeedsFolder, app.FeedsFolder + ".away");
        await File.WriteAllTextAsync(app.FeedsFolder, "not a folder");
        app.DropIntoInbox("second.md", Article("Second article during the fault"));
        await Eventually.TrueAsync(() => regenerator.LastError is not null, "the regeneration to fail");
        Assert.True(regenerator.ConsecutiveFailures >= 1);
        Assert.Equal(good, await File.ReadAllBytesAsync(Path.Combine(app.FeedsFolder + ".away", "atom.xml")));

        File.Delete(app.FeedsFolder);
        Directory.Move(app.FeedsFolder + ".away", app.FeedsFolder);
        await Eventually.TrueAsync(() => File.ReadAllText(app.AtomPath).Contains("Second article during the fault"),
            "the retry to publish the second article", TimeSpan.FromSeconds(30));
        // The site's feeds are written before the regeneration that wrote them has finished its tags and authors, and
        // so before it is counted as a success.
        await Eventually.TrueAsync(() => regenerator.LastError is null, "the regenerator to report its recovery");
        Assert.Equal(0, regenerator.ConsecutiveFailures);
    }

    [Fact]
    public async Task Bodies_written_by_failed_regenerations_are_removed_by_the_one_that_recovers()
    {
        await using var app = await TestApp.StartAsync();
        var regenerator = app.Services.GetRequiredService<FeedRegenerator>();
        var served = Path.Combine(app.FeedsFolder, ServedBodyStore.FolderName);
        // A file where the tag's folder should be: its feeds are rendered and stored, then cannot be placed.
        Directory.CreateDirectory(Path.Combine(app.FeedsFolder, "tags"));
        var blocker = Path.Combine(app.FeedsFolder, "tags", "blocked");
        await File.WriteAllTextAsync(blocker, "in the way");

        app.DropIntoInbox("first.md", Tagged("first", "First blocked story", day: 1));
        await Eventually.TrueAsync(() => regenerator.ConsecutiveFailures >= 1, "the regeneration to fail");
        app.DropIntoInbox("second.md", Tagged("second", "Second blocked story", day: 2));
        await Eventually.TrueAsync(() => app.FileNamesIn(app.ProcessedPath).Length == 2, "the second article stored");
        var failures = regenerator.ConsecutiveFailures;
        await Eventually.TrueAsync(() => regenerator.ConsecutiveFailures > failures, "a failed run with the second article", TimeSpan.FromSeconds(30));

        File.Delete(blocker);
        await Eventually.TrueAsync(() => regenerator.LastError is null, "the regenerator to recover", TimeSpan.FromSeconds(90));

        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        Assert.Contains("Second blocked story", await client.GetStringAsync("/tags/blocked/rss.xml"));
        var bodies = Directory.GetFiles(served).Where(f => !Path.GetFileName(f).Contains('.')).Select(Path.GetFileName).Order().ToArray();
        var servedTags = app.Services.GetRequiredService<FeedPublisher.Web.ServedFeeds>().All.Values
            .Where(f => f.File.Stored is not null).Select(f => f.File.Tag).Distinct().Order().ToArray();
        Assert.Equal(servedTags, bodies);
    }

    private static byte[] Tagged(string id, string title, int day) => System.Text.Encoding.UTF8.GetBytes(
        $"---\ntitle: {title}\nid: {id}\ntags: [Blocked]\ndate: 2024-03-{day:D2}T09:00:00Z\n---\n\nThe text of {title}.\n");

    private static byte[] Article(string title) =>
        System.Text.Encoding.UTF8.GetBytes(TestFiles.FixtureText("dated-template.md")
            .Replace("# A report whose date line varies", "# " + title)
            .Replace("{{DATE}}", "2024-03-01T10:00:00+00:00"));
}
