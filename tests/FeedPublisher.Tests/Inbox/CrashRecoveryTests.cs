using FeedPublisher.Articles;
using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Inbox;

/// <summary>A crash between the database commit and the file move, recovered by the real service at its next start.</summary>
[Collection(RealAppCollection.Name)]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Article_committed_but_left_in_the_inbox_is_moved_at_the_next_start_and_published_once()
    {
        const string fileName = TestFiles.ExportShaped;
        await using var app = TestApp.Create();
        // What the previous process did before it died: parse with the service's own parser, commit, no move.
        var store = app.Services.GetRequiredService<IArticleStore>();
        await store.MigrateAsync(CancellationToken.None);
        var article = app.Services.GetRequiredService<ArticleParser>().Parse(fileName, TestFiles.FixtureBytes(fileName));
        Assert.Equal(UpsertOutcome.Inserted, (await store.UpsertAsync([article], DateTimeOffset.UtcNow, CancellationToken.None)).Single());
        app.DropIntoInbox(fileName, TestFiles.FixtureBytes(fileName));

        await app.StartAsync();

        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, fileName));
        var feed = await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count > 0, "the article in rss.xml");
        Assert.Equal(article.Title, Assert.Single(feed.Items).Title);
        Assert.Empty(app.FileNamesIn(app.InboxPath));
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        Assert.Equal(1, await app.QueryScalarAsync<long>("SELECT revision FROM articles"));
        Assert.Equal(0, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM article_revisions"));
    }
}
