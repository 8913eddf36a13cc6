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

    private static byte[] Article(string title) =>
        System.Text.Encoding.UTF8.GetBytes(TestFiles.FixtureText("dated-template.md")
            .Replace("# A report whose date line varies", "# " + title)
            .Replace("{{DATE}}", "2024-03-01T10:00:00+00:00"));
}
