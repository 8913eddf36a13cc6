using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FeedPublisher.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace FeedPublisher.Tests.WebSub;

/// <summary>
/// The service as a WebSub publisher, against a hub stand-in on loopback that fetches each topic after a ping: feeds
/// advertise the hub, a change is pinged once its new bytes are served, a burst gives a few pings, and a failing hub
/// is reported without holding anything up.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class HubPingTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<(TestApp App, Uri BaseUrl)> StartAsync(HubStandIn hub, params string[] extra)
    {
        var args = LoopbackPort.SelfAddressedArgs(out var baseUrl);
        var app = await TestApp.StartAsync([.. args, $"--Feeds:Hubs:0={hub.Url}", "--Feeds:HubPingDelay=00:00:00.300", .. extra]);
        return (app, baseUrl);
    }

    [Fact]
    public async Task A_new_article_pings_the_hub_with_each_feed_it_changed_and_the_hub_fetches_the_new_bytes()
    {
        await using var hub = await HubStandIn.StartAsync();
        var (app, baseUrl) = await StartAsync(hub, "--Polling:Enabled=true");
        await using var _ = app;
        // The first start serves new, empty feeds: that ping is not this test's.
        await Eventually.TrueAsync(() => hub.Pings.Count >= 1, "the start-up ping");
        await Task.Delay(700);
        hub.Pings.Clear();
        hub.Fetches.Clear();
        // The hub's client (loopback, no User-Agent) has used up its full fetches of the unchanged feed...
        using var sameClient = FeedHttp.CreateClient(app.BaseAddress!);
        for (var i = 0; i < 11; i++)
            (await sameClient.GetAsync("/feeds/rss.xml")).Dispose();
        using (var limited = await sameClient.GetAsync("/feeds/rss.xml"))
            Assert.Equal(429, (int)limited.StatusCode);

        app.DropIntoInbox("dock.md", Encoding.UTF8.GetBytes(OneArticleSite.Article("dock-1", "Dock cranes return")));

        var site = new Uri(baseUrl, "feeds/rss.xml").AbsoluteUri;
        await Eventually.TrueAsync(() => hub.Fetches.Any(f => f.Topic == site && Encoding.UTF8.GetString(f.Body).Contains("Dock cranes return")),
            "the hub fetching the site's RSS with the new article", TimeSpan.FromSeconds(15));
        var topics = hub.Pings.SelectMany(p => p.Topics).ToHashSet();
        Assert.All(hub.Pings, ping => Assert.Equal("publish", ping.Mode));
        foreach (var path in new[] { "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "tags/harbours/rss.xml", "tags/harbours/atom.xml",
                     "tags/harbours/feed.json", "authors/ada-writer/atom.xml" })
            Assert.Contains(new Uri(baseUrl, path).AbsoluteUri, topics);
        // Pinged only with what changed, each once.
        Assert.Equal(topics.Count, hub.Pings.Sum(p => p.Topics.Count));
        // ...and its fetch right after the ping, of the changed feed, is answered all the same.
        var fetched = hub.Fetches.First(f => f.Topic == site);
        Assert.Equal(200, fetched.Status);
        Assert.Equal($"<{hub.Url.AbsoluteUri}>; rel=\"hub\", <{site}>; rel=\"self\"", fetched.Link);
    }

    [Fact]
    public async Task Every_subscription_feed_advertises_the_hub_and_itself_and_an_archive_page_does_not()
    {
        await using var hub = await HubStandIn.StartAsync();
        var (app, baseUrl) = await StartAsync(hub, "--Feeds:ItemCount=10", "--Feeds:ArchivePageSize=10");
        await using var _ = app;
        for (var n = 0; n < 12; n++)
            app.DropIntoInbox($"story-{n}.md", Encoding.UTF8.GetBytes(OneArticleSite.Article($"story-{n}", $"Story {n}")));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/archive/1/atom.xml", "Story"), "the first archive page", TimeSpan.FromSeconds(30));

        foreach (var path in new[] { "/feeds/rss.xml", "/feeds/atom.xml", "/tags/harbours/rss.xml", "/authors/ada-writer/atom.xml" })
        {
            using var response = await client.SendAsync(FeedHttp.Get(path));
            var self = new Uri(baseUrl, path.TrimStart('/')).AbsoluteUri;
            Assert.Equal($"<{hub.Url.AbsoluteUri}>; rel=\"hub\", <{self}>; rel=\"self\"", FeedHttp.Header(response, "Link"));
            var links = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(Atom + "link").ToList();
            Assert.Equal(hub.Url.AbsoluteUri, Assert.Single(links, l => (string?)l.Attribute("rel") == "hub").Attribute("href")!.Value);
            Assert.Equal(self, Assert.Single(links, l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        }
        foreach (var path in new[] { "/feeds/feed.json", "/tags/harbours/feed.json" })
        {
            using var response = await client.SendAsync(FeedHttp.Get(path));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var hubs = json.RootElement.GetProperty("hubs");
            Assert.Equal("WebSub", hubs[0].GetProperty("type").GetString());
            Assert.Equal(hub.Url.AbsoluteUri, hubs[0].GetProperty("url").GetString());
            Assert.Equal(new Uri(baseUrl, path.TrimStart('/')).AbsoluteUri, json.RootElement.GetProperty("feed_url").GetString());
            Assert.Contains("rel=\"hub\"", FeedHttp.Header(response, "Link"));
        }
        using (var archive = await client.SendAsync(FeedHttp.Get("/feeds/archive/1/atom.xml")))
        {
            Assert.Null(FeedHttp.Header(archive, "Link"));
            Assert.DoesNotContain(XDocument.Parse(await archive.Content.ReadAsStringAsync()).Descendants(Atom + "link"),
                l => (string?)l.Attribute("rel") == "hub");
        }
    }

    [Fact]
    public async Task A_burst_of_articles_gives_a_handful_of_pings_not_one_per_article()
    {
        await using var hub = await HubStandIn.StartAsync();
        var (app, _) = await StartAsync(hub, "--Feeds:HubPingDelay=00:00:01");
        await using var __ = app;
        await Eventually.TrueAsync(() => hub.Pings.Count >= 1, "the start-up ping");
        await Task.Delay(1500);
        var before = hub.Requests;

        for (var n = 0; n < 60; n++)
            app.DropIntoInbox($"burst-{n}.md", Encoding.UTF8.GetBytes(OneArticleSite.Article($"burst-{n}", $"Burst story {n}", tag: $"Topic {n % 5}")));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => Directory.GetFiles(app.ProcessedPath).Length == 60, "the burst processed", TimeSpan.FromSeconds(30));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Burst story 59"), "the burst served", TimeSpan.FromSeconds(30));
        await Task.Delay(2500);

        var pings = hub.Requests - before;
        Assert.InRange(pings, 1, 8);
        var topics = hub.Pings.SelectMany(p => p.Topics).ToHashSet();
        for (var t = 0; t < 5; t++)
            Assert.Contains(topics, topic => topic.EndsWith($"/tags/topic-{t}/rss.xml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hub_that_refuses_pings_is_logged_once_shown_on_healthz_and_told_again_once_it_takes_them()
    {
        await using var hub = await HubStandIn.StartAsync();
        hub.AnswerWith = StatusCodes.Status400BadRequest;
        var (app, _) = await StartAsync(hub);
        await using var __ = app;
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        for (var n = 0; n < 3; n++)
        {
            app.DropIntoInbox($"refused-{n}.md", Encoding.UTF8.GetBytes(OneArticleSite.Article($"refused-{n}", $"Refused story {n}")));
            // Ingest and serving go on: the hub holds up nothing.
            await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/rss.xml", $"Refused story {n}"), $"refused story {n} served", TimeSpan.FromSeconds(15));
            await Eventually.TrueAsync(() => hub.Requests >= n + 2, $"ping {n + 2} refused", TimeSpan.FromSeconds(15));
        }

        using (var health = await client.GetAsync("/healthz"))
        {
            Assert.Equal(200, (int)health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(hub.Url.AbsoluteUri, json.RootElement.GetProperty("hubs").GetProperty("failing")[0].GetString());
        }
        Assert.Equal(1, app.Logs.Count(m => m.Contains("did not take the ping")));

        hub.AnswerWith = StatusCodes.Status204NoContent;
        app.DropIntoInbox("accepted.md", Encoding.UTF8.GetBytes(OneArticleSite.Article("accepted", "Accepted story", tag: "Weather")));
        // The topics refused earlier come along with the new change.
        await Eventually.TrueAsync(() => Pinged(hub, "/tags/weather/rss.xml") && Pinged(hub, "/tags/harbours/rss.xml"),
            "the new change and the refused ones pinged", TimeSpan.FromSeconds(15));
        using (var health = await client.GetAsync("/healthz"))
        {
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        }
    }

    private static bool Pinged(HubStandIn hub, string path) =>
        hub.Pings.Any(p => p.Topics.Any(t => t.EndsWith(path, StringComparison.Ordinal)));

    [Fact]
    public async Task A_hub_that_fails_for_a_moment_gets_the_ping_on_a_retry()
    {
        await using var hub = await HubStandIn.StartAsync();
        var (app, _) = await StartAsync(hub);
        await using var __ = app;
        await Eventually.TrueAsync(() => hub.Pings.Count >= 1, "the start-up ping");
        await Task.Delay(700);
        hub.Pings.Clear();
        hub.FailNext = 1;

        app.DropIntoInbox("retried.md", Encoding.UTF8.GetBytes(OneArticleSite.Article("retried", "Retried story")));

        await Eventually.TrueAsync(() => hub.Pings.Any(p => p.Topics.Any(t => t.EndsWith("/feeds/atom.xml", StringComparison.Ordinal))),
            "the ping taken on a retry", TimeSpan.FromSeconds(20));
        Assert.Equal(0, hub.FailNext);
    }
}
