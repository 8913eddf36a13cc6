using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Scheduling;
using FeedPublisher.Tests.Support;
using Quartz;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>Embargoes: an article dated in the future is held until its time, then published by the scheduler.</summary>
[Collection(RealAppCollection.Name)]
public sealed class ScheduledPublishingTests
{
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;

    private static byte[] Article(string id, string title, DateTimeOffset date) => Encoding.UTF8.GetBytes(
        $"---\ntitle: {title}\nid: {id}\ntags: [Embargo]\ndate: {date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\n---\n\nThe text of {title}.\n");

    [Fact]
    public async Task An_article_dated_a_few_seconds_ahead_is_in_no_feed_until_then_and_published_at_its_time()
    {
        using var root = new TempDirectory();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var due = DateTimeOffset.UtcNow.AddSeconds(5);
        due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond));

        app.DropIntoInbox("embargoed.md", Article("embargoed", "Budget figures under embargo", due));
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == 1, "the file stored");

        Assert.False(FeedHttp.Serves(client, "/feeds/atom.xml", "Budget figures under embargo"), "in the feed before its time");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/articles/budget-figures-under-embargo")).StatusCode);
        var listed = await ServiceProcess.RunCommandAsync(root.Path, "list");
        Assert.Contains("embargoed  Budget figures under embargo  [scheduled]", listed.Output);

        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Budget figures under embargo"), "the article at its time",
            TimeSpan.FromSeconds(20));
        Assert.True(DateTimeOffset.UtcNow >= due, "published before its time");
        using var response = await client.SendAsync(FeedHttp.Get("/feeds/atom.xml"));
        var entry = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements(Atom + "entry").Single();
        Assert.Equal(due, DateTimeOffset.Parse((string)entry.Element(Atom + "published")!, CultureInfo.InvariantCulture));
        Assert.True(response.Content.Headers.LastModified <= DateTimeOffset.UtcNow, "Last-Modified from the future");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/articles/budget-figures-under-embargo")).StatusCode);
        Assert.True(FeedHttp.Serves(client, "/tags/embargo/rss.xml", "Budget figures under embargo"));
    }

    [Fact]
    public async Task A_held_article_moved_to_another_time_keeps_one_trigger_at_the_new_time()
    {
        await using var app = await TestApp.StartAsync();
        var first = DateTimeOffset.UtcNow.AddHours(2);
        var moved = first.AddHours(1);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        app.DropIntoInbox("held.md", Article("held", "Held story", first));
        await app.WaitUntilAsync(() => scheduler.GetTriggersOfJob(ScheduledPublishing.Job).AsTask().GetAwaiter().GetResult().Count == 1, "a trigger");
        app.DropIntoInbox("held.md", Article("held", "Held story", moved));
        await app.WaitUntilAsync(() => scheduler.GetTriggersOfJob(ScheduledPublishing.Job).AsTask().GetAwaiter().GetResult()
            .SingleOrDefault()?.StartTimeUtc.ToUnixTimeSeconds() == moved.ToUnixTimeSeconds(), "the trigger at the new time");

        Assert.Single(await scheduler.GetTriggersOfJob(ScheduledPublishing.Job));
    }

    [Fact]
    public async Task An_embargo_that_ends_while_the_service_is_stopped_is_published_when_it_starts()
    {
        using var root = new TempDirectory();
        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        await using (var first = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path)))
        {
            first.DropIntoInbox("later.md", Article("later", "Story for after the restart", due));
            await first.WaitUntilAsync(() => first.FileNamesIn(first.ProcessedPath).Length == 1, "the file stored");
            using var client = FeedHttp.CreateClient(first.BaseAddress!);
            Assert.False(FeedHttp.Serves(client, "/feeds/atom.xml", "Story for after the restart"));
        }
        while (DateTimeOffset.UtcNow < due.AddSeconds(1))
            await Task.Delay(200);

        await using var second = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        using var again = FeedHttp.CreateClient(second.BaseAddress!);
        await second.WaitUntilAsync(() => FeedHttp.Serves(again, "/feeds/atom.xml", "Story for after the restart"), "published after the restart");
    }

    [Fact]
    public async Task A_held_article_whose_date_moves_into_the_past_is_published_at_once_with_no_date_from_the_future()
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        app.DropIntoInbox("moved.md", Article("moved", "Story moved forward", DateTimeOffset.UtcNow.AddYears(3)));
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == 1, "the held file stored");

        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        app.DropIntoInbox("moved.md", Article("moved", "Story moved forward", yesterday));

        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Story moved forward"), "the story published");
        var feed = XDocument.Parse(await client.GetStringAsync("/feeds/atom.xml")).Root!;
        var entry = feed.Elements(Atom + "entry").Single();
        Assert.True(DateTimeOffset.Parse((string)entry.Element(Atom + "updated")!, CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow, "updated in the future");
        Assert.True(DateTimeOffset.Parse((string)feed.Element(Atom + "updated")!, CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow, "the feed's updated in the future");
    }
}
