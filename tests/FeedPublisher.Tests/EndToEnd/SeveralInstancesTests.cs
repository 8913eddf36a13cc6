using System.Text;
using Dapper;
using FeedPublisher.Inbox;
using FeedPublisher.Tests.Support;
using Npgsql;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>
/// Two instances of the real service on one PostgreSQL database and one shared inbox folder, in this process: one
/// watches the inbox at a time, both serve the same feeds, byte for byte and header for header, and the other takes
/// the inbox over when the first stops. (Quartz keeps schedulers by name per process, so here the two schedules are
/// separate; tests/reliability/several_instances.py runs them as processes on one clustered schedule.)
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class SeveralInstancesTests
{
    private static string Article(int n) =>
        $"---\ntitle: Story number {n}\nid: story-{n:D3}\nauthors: [Writer {n % 3}]\ntags: [Topic {n % 4}]\ndate: 2024-03-01T{n % 24:D2}:{n % 60:D2}:00Z\n---\n\nThe text of story {n}.\n";

    private const string Token = "cluster-token-0123456789abcdef0123456789abcdef";

    private static string[] Instance(TestDatabase database, string sharedInbox) =>
    [
        "--Storage:Provider=postgres", $"--Storage:ConnectionString={database.ConnectionString}",
        $"--Intake:Tokens:0={Token}", "--Inbox:Shared=true", $"--Inbox:Path={sharedInbox}", $"--Inbox:ProcessedPath={sharedInbox}/processed", $"--Inbox:FailedPath={sharedInbox}/failed",
    ];

    [PostgresFact]
    public async Task Two_instances_ingest_a_shared_inbox_once_serve_identical_feeds_and_the_second_takes_over_when_the_first_stops()
    {
        using var shared = new TempDirectory();
        using var rootA = new TempDirectory();
        using var rootB = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var inbox = Path.Combine(shared.Path, "inbox");
        var a = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootA.Path), Instance(database, inbox));
        await using var b = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootB.Path), Instance(database, inbox));
        try
        {
            using var clientA = FeedHttp.CreateClient(a.BaseAddress!);
            using var clientB = FeedHttp.CreateClient(b.BaseAddress!);
            await Eventually.TrueAsync(() => Watching(a) ^ Watching(b), "exactly one instance watching the shared inbox");
            var (watcher, standby) = Watching(a) ? (a, b) : (b, a);
            await Eventually.TrueAsync(() => standby.Services.GetRequiredService<InboxStatus>().WatchedElsewhere, "the other instance standing by");

            for (var n = 0; n < 40; n++)
                await File.WriteAllTextAsync(Path.Combine(inbox, $"story-{n:D3}.md"), Article(n));

            await a.WaitUntilAsync(() => Directory.GetFiles(Path.Combine(inbox, "processed")).Length == 40, "every file processed", TimeSpan.FromSeconds(30));
            foreach (var client in new[] { clientA, clientB })
                await a.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Story number 39")
                    && FeedHttp.Serves(client, "/tags/topic-3/rss.xml", "Story number 39"), "both instances serving the newest article", TimeSpan.FromSeconds(30));
            Assert.Empty(Directory.GetFiles(inbox));
            Assert.Empty(Directory.GetFiles(Path.Combine(inbox, "failed")));
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
                Assert.Equal(40, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM articles"));
            // Equal generations on both, then the same bytes and validators for every kind of feed.
            await a.WaitUntilAsync(() => Generation(a) == Generation(b), "both instances at the same feed generation");
            foreach (var path in new[] { "/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/tags/topic-1/atom.xml", "/authors/writer-2/rss.xml" })
            {
                using var fromA = await clientA.SendAsync(FeedHttp.Get(path));
                using var fromB = await clientB.SendAsync(FeedHttp.Get(path));
                Assert.True(fromA.IsSuccessStatusCode, $"{path} on the first instance: {(int)fromA.StatusCode}");
                Assert.Equal(await fromA.Content.ReadAsByteArrayAsync(), await fromB.Content.ReadAsByteArrayAsync());
                Assert.Equal(FeedHttp.Header(fromA, "ETag"), FeedHttp.Header(fromB, "ETag"));
                Assert.Equal(FeedHttp.Header(fromA, "Last-Modified"), FeedHttp.Header(fromB, "Last-Modified"));
                // A poller sent to the other instance with what the first gave it: not modified.
                using var conditional = await clientB.SendAsync(FeedHttp.Get(path, ifNoneMatch: FeedHttp.Header(fromA, "ETag")));
                Assert.Equal(System.Net.HttpStatusCode.NotModified, conditional.StatusCode);
            }

            // HTTP intake on the instance that does not watch the inbox: stored once, served by both.
            var push = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent(Article(200), Encoding.UTF8) };
            push.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            push.Headers.Add("X-File-Name", "story-200.md");
            using (var pushed = await FeedHttp.CreateClient(standby.BaseAddress!).SendAsync(push))
                Assert.Equal(System.Net.HttpStatusCode.Created, pushed.StatusCode);
            foreach (var client in new[] { clientA, clientB })
                await a.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/rss.xml", "Story number 200"), "the pushed article served by both instances");

            foreach (var app in new[] { a, b })
                Assert.DoesNotContain(app.Logs.Lines, line => line.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

            // The watcher stops; the other takes the inbox over and publishes a new file.
            await watcher.DisposeAsync();
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            await standby.WaitUntilAsync(() => Watching(standby), "the other instance watching the inbox", TimeSpan.FromSeconds(10));
            var tookOver = stopped.Elapsed;
            await File.WriteAllTextAsync(Path.Combine(inbox, "story-100.md"), Article(100));
            var survivor = FeedHttp.CreateClient(standby.BaseAddress!);
            await standby.WaitUntilAsync(() => FeedHttp.Serves(survivor, "/feeds/atom.xml", "Story number 100"), "the new article served by the survivor");
            Assert.True(tookOver < TimeSpan.FromSeconds(10), $"took over after {tookOver.TotalSeconds:F1} s");
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Each_change_is_pinged_to_the_hub_once_by_the_instance_that_made_it_and_the_hub_gets_the_new_bytes()
    {
        using var shared = new TempDirectory();
        using var rootA = new TempDirectory();
        using var rootB = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var hub = await HubStandIn.StartAsync();
        var inbox = Path.Combine(shared.Path, "inbox");
        // One public address for both, as behind a load balancer: the hub fetches from the first.
        var selfA = LoopbackPort.SelfAddressedArgs(out var baseUrl);
        string[] hubs = [$"--Feeds:Hubs:0={hub.Url}", "--Feeds:HubPingDelay=00:00:00.300", $"--Site:BaseUrl={baseUrl}"];
        await using var a = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootA.Path), [.. Instance(database, inbox), .. selfA, .. hubs]);
        await using var b = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootB.Path), [.. Instance(database, inbox), .. hubs]);
        await a.WaitUntilAsync(() => Generation(a) > 0 && Generation(a) == Generation(b), "both instances at the first generation");
        await Task.Delay(1500);
        hub.Pings.Clear();
        hub.Fetches.Clear();

        await File.WriteAllTextAsync(Path.Combine(inbox, "story-001.md"), Article(1));

        var site = new Uri(baseUrl, "feeds/rss.xml").AbsoluteUri;
        await Eventually.TrueAsync(() => hub.Fetches.Any(f => f.Topic == site && Encoding.UTF8.GetString(f.Body).Contains("Story number 1")),
            "the hub fetching the new article", TimeSpan.FromSeconds(20));
        using var clientB = FeedHttp.CreateClient(b.BaseAddress!);
        await a.WaitUntilAsync(() => FeedHttp.Serves(clientB, "/feeds/rss.xml", "Story number 1"), "the other instance serving it too");
        // Time for a second, wrong ping from the other instance to arrive, if there were one.
        await Task.Delay(2000);
        Assert.Equal(1, hub.Pings.Count(p => p.Topics.Contains(site)));
        Assert.Equal(1, hub.Pings.Count(p => p.Topics.Any(t => t.EndsWith("/tags/topic-1/atom.xml", StringComparison.Ordinal))));
    }

    [PostgresFact]
    public async Task A_tag_an_update_leaves_is_gone_from_both_instances_feeds_and_pages()
    {
        using var shared = new TempDirectory();
        using var rootA = new TempDirectory();
        using var rootB = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var inbox = Path.Combine(shared.Path, "inbox");
        await using var a = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootA.Path), Instance(database, inbox));
        await using var b = await TestApp.StartAsync(new TestAppSetup(ContentRoot: rootB.Path), Instance(database, inbox));
        using var clientA = FeedHttp.CreateClient(a.BaseAddress!);
        using var clientB = FeedHttp.CreateClient(b.BaseAddress!);
        const string tagged = "---\ntitle: Ferry timetable\nid: ferry\nauthors: [Writer 1]\ntags: [Ferries, Harbour]\ndate: 2024-03-01T10:00:00Z\n---\n\nThe ferry text.\n";

        await File.WriteAllTextAsync(Path.Combine(inbox, "ferry.md"), tagged);
        foreach (var client in new[] { clientA, clientB })
            await a.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/ferries/rss.xml", "Ferry timetable") && FeedHttp.Serves(client, "/tags/ferries", "Ferry timetable"),
                "both instances serving the tag's feed and page", TimeSpan.FromSeconds(20));

        await File.WriteAllTextAsync(Path.Combine(inbox, "ferry-again.md"), tagged.Replace("tags: [Ferries, Harbour]", "tags: [Harbour]").Replace("The ferry text.", "The ferry text, corrected."));

        foreach (var client in new[] { clientA, clientB })
        {
            await a.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/harbour/atom.xml", "corrected"), "the update served", TimeSpan.FromSeconds(20));
            await a.WaitUntilAsync(() =>
            {
                using var feed = client.Send(FeedHttp.Get("/tags/ferries/rss.xml"));
                using var page = client.Send(FeedHttp.Get("/tags/ferries"));
                return feed.StatusCode == System.Net.HttpStatusCode.NotFound && page.StatusCode == System.Net.HttpStatusCode.NotFound;
            }, "the tag's feed and page gone (404) on this instance", TimeSpan.FromSeconds(20));
            using var list = await client.GetAsync("/feeds/");
            Assert.DoesNotContain("/tags/ferries/", await list.Content.ReadAsStringAsync());
        }
    }

    private static bool Watching(TestApp app) => app.Services.GetRequiredService<InboxStatus>().HasTurn;

    private static long Generation(TestApp app) => app.Services.GetRequiredService<FeedPublisher.Cluster.ClusterFeedLoader>().LoadedGeneration;
}
