using System.Text;
using FeedPublisher.Inbox;
using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FeedPublisher.Tests.Inbox;

[Collection(RealAppCollection.Name)]
public sealed class SettleTests
{
    [Fact]
    public async Task File_copied_with_an_old_modification_time_is_not_read_before_it_is_complete()
    {
        // The service's clock stands still unless the test moves it: the file can only settle when the test says so.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(new TestAppSetup(Time: clock), "--Inbox:SettleTime=00:00:01");
        Directory.CreateDirectory(app.InboxPath);
        var path = Path.Combine(app.InboxPath, "copied.md");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // The first half, with the source's old mtime, as cp -p or File.Copy would leave it mid-copy.
        await File.WriteAllTextAsync(path, "# A copied article\n\nJane Doe  \n1 March 2024\n\nThe first half of the text");
        File.SetLastWriteTimeUtc(path, old);
        var inbox = app.Services.GetRequiredService<InboxStatus>();
        await app.WaitUntilAsync(() => inbox.Backlog == 1, "the inbox to see the half-copied file");
        await File.AppendAllTextAsync(path, " and the second half, which arrives a moment later.\n");
        File.SetLastWriteTimeUtc(path, old);

        await app.WaitUntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(400));
            return app.FileNamesIn(app.ProcessedPath).Contains("copied.md");
        }, "the copied file in processed/");
        var content = await app.QueryScalarAsync<string>("SELECT content_html FROM articles WHERE id = 'copied'");
        Assert.Contains("the second half", content);
    }

    [Fact]
    public async Task File_moved_into_the_inbox_from_another_folder_is_taken_without_waiting_to_settle()
    {
        // A settle time far longer than the wait below: only the move itself can make the file ready.
        await using var app = await TestApp.StartAsync("--Inbox:SettleTime=00:01:00");
        var staging = Path.Combine(app.Root, "staging");
        Directory.CreateDirectory(staging);
        var staged = Path.Combine(staging, "moved.md");
        await File.WriteAllTextAsync(staged, "# A moved article\n\nJane Doe  \n1 March 2024\n\nIt was written elsewhere and moved in whole.\n", Encoding.UTF8);

        // Only a move the watcher sees is known to be complete; one made before it watches is listed and settles.
        await app.WaitUntilAsync(() => app.Services.GetRequiredService<InboxStatus>().Watching, "the inbox watcher");
        File.Move(staged, Path.Combine(app.InboxPath, "moved.md"));

        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Contains("moved.md"), "the moved file in processed/",
            TimeSpan.FromSeconds(20));
    }
}
