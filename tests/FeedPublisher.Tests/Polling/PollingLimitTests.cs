using System.Text;
using System.Xml.Linq;
using FeedPublisher.Polling;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Polling;

/// <summary>
/// The full-fetch limit on the real host: a client that fetches the same unchanged feed in full again and again is
/// answered 429, and nobody else is: not a conditional request, not the first fetch after a change, not another client.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class PollingLimitTests
{
    private const string Feed = "/feeds/rss.xml";
    private const int Limit = 10;

    private static HttpRequestMessage Get(string userAgent, string? ifNoneMatch = null, string? forwardedFor = null)
    {
        var request = FeedHttp.Get(Feed, ifNoneMatch: ifNoneMatch);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (forwardedFor is not null)
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static async Task<int[]> FetchAsync(HttpClient client, int times, string userAgent, string? forwardedFor = null)
    {
        var statuses = new int[times];
        for (var i = 0; i < times; i++)
        {
            using var response = await client.SendAsync(Get(userAgent, forwardedFor: forwardedFor));
            statuses[i] = (int)response.StatusCode;
        }
        return statuses;
    }

    [Fact]
    public async Task Forty_unconditional_fetches_of_an_unchanged_feed_in_a_minute_are_limited_after_the_allowance()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var statuses = await FetchAsync(client, 40, "Hammer/1.0");

        Assert.All(statuses.Take(Limit), status => Assert.Equal(200, status));
        Assert.All(statuses.Skip(Limit), status => Assert.Equal(429, status));
        using var limited = await client.SendAsync(Get("Hammer/1.0"));
        Assert.Equal(429, (int)limited.StatusCode);
        var retryAfter = int.Parse(FeedHttp.Header(limited, "Retry-After")!);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal("no-store", FeedHttp.Header(limited, "Cache-Control"));
        Assert.Contains("If-None-Match", await limited.Content.ReadAsStringAsync());
        // A validator that does not match is a full fetch too.
        using var stale = await client.SendAsync(Get("Hammer/1.0", ifNoneMatch: "\"0123456789abcdef0123456789abcdef\""));
        Assert.Equal(429, (int)stale.StatusCode);
    }

    [Fact]
    public async Task Conditional_requests_answered_304_are_never_limited_nor_counted()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        using var first = await client.SendAsync(Get("Polite/1.0"));
        var etag = FeedHttp.Header(first, "ETag");

        for (var i = 0; i < 100; i++)
        {
            using var response = await client.SendAsync(Get("Polite/1.0", ifNoneMatch: etag));
            Assert.Equal(304, (int)response.StatusCode);
        }
        // The 304s took nothing from its allowance of full fetches.
        Assert.All(await FetchAsync(client, Limit - 1, "Polite/1.0"), status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task The_first_fetch_after_the_feed_changed_is_answered_even_for_a_limited_client()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        Assert.Equal(429, (await FetchAsync(client, Limit + 1, "Hammer/1.0")).Last());

        app.DropIntoInbox("second.md", Encoding.UTF8.GetBytes(OneArticleSite.Article("second", "Second story")));
        await app.WaitUntilAsync(() =>
        {
            using var look = client.Send(Get("Watcher/1.0"));
            return look.Content.ReadAsStringAsync().GetAwaiter().GetResult().Contains("Second story");
        }, "the second article served");

        using var afterChange = await client.SendAsync(Get("Hammer/1.0"));
        Assert.Equal(200, (int)afterChange.StatusCode);
        Assert.Contains("Second story", await afterChange.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_User_Agent_is_another_client_and_a_header_anyone_can_send_changes_nothing()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        Assert.Equal(429, (await FetchAsync(client, Limit + 1, "Hammer/1.0", forwardedFor: "203.0.113.5")).Last());

        // No proxy is trusted: X-Forwarded-For is not an address, so a new one does not make a new client.
        Assert.Equal(429, (await FetchAsync(client, 1, "Hammer/1.0", forwardedFor: "203.0.113.99")).Single());
        Assert.Equal(200, (await FetchAsync(client, 1, "Other reader/2.0")).Single());
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_address_is_its_own_client()
    {
        await using var app = await OneArticleSite.StartAsync("--Polling:TrustedProxies:0=127.0.0.1");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        Assert.Equal(429, (await FetchAsync(client, Limit + 1, "Reader/1.0", forwardedFor: "203.0.113.5")).Last());

        Assert.Equal(200, (await FetchAsync(client, 1, "Reader/1.0", forwardedFor: "203.0.113.6")).Single());
        var addresses = app.Services.GetRequiredService<Pollers>().Records.Select(r => r.Key.Address?.ToString()).ToHashSet();
        Assert.Contains("203.0.113.5", addresses);
        Assert.Contains("203.0.113.6", addresses);
    }

    [Fact]
    public async Task With_Polling_Enabled_false_nothing_is_limited()
    {
        await using var app = await OneArticleSite.StartAsync("--Polling:Enabled=false");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        Assert.All(await FetchAsync(client, 40, "Hammer/1.0"), status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task A_client_rotating_its_User_Agent_cannot_grow_the_tracking_beyond_its_bound()
    {
        await using var app = await OneArticleSite.StartAsync("--Polling:MaxTrackedPollers=100");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        for (var i = 0; i < 1000; i++)
        {
            using var response = await client.SendAsync(Get($"Rotating/{i}"));
            Assert.Equal(200, (int)response.StatusCode);
        }

        // A User-Agent of kilobytes is kept cut, so a record's memory does not depend on it.
        using (var huge = await client.SendAsync(Get(new string('x', 10_000))))
            Assert.Equal(200, (int)huge.StatusCode);
        var pollers = app.Services.GetRequiredService<Pollers>();
        Assert.All(pollers.Records, record => Assert.True(record.Key.Agent.Length <= Pollers.MaxAgentLength));
        Assert.InRange(pollers.Count, 1, 100);
        Assert.True(pollers.Evicted >= 900, $"evicted {pollers.Evicted}");
        Assert.Equal(1, app.Logs.Count(m => m.Contains("Polling:MaxTrackedPollers")));
    }

    [Fact]
    public async Task One_interval_is_said_three_ways_max_age_ttl_and_the_syndication_module()
    {
        await using var app = await OneArticleSite.StartAsync("--Feeds:MaxAgeSeconds=900");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        using var response = await client.SendAsync(Get("Reader/1.0"));

        Assert.Equal("public, max-age=900", FeedHttp.Header(response, "Cache-Control"));
        var channel = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("channel")!;
        XNamespace sy = "http://purl.org/rss/1.0/modules/syndication/";
        Assert.Equal("15", channel.Element("ttl")!.Value);
        Assert.Equal("hourly", channel.Element(sy + "updatePeriod")!.Value);
        Assert.Equal("4", channel.Element(sy + "updateFrequency")!.Value);
    }

    [Theory]
    [InlineData("--Feeds:MaxAgeSeconds=700", "Feeds:MaxAgeSeconds is 700")]
    [InlineData("--Feeds:MaxAgeSeconds=30", "Feeds:MaxAgeSeconds is 30")]
    [InlineData("--Polling:MaxFullFetchesPerWindow=0", "Polling:MaxFullFetchesPerWindow is 0")]
    [InlineData("--Polling:TrustedProxies:0=the-cdn", "Polling:TrustedProxies has 'the-cdn'")]
    [InlineData("--Feeds:Hubs:0=ftp://hub.example/", "Feeds:Hubs has 'ftp://hub.example/'")]
    [InlineData("--Status:Token=short", "Status:Token is 5 characters")]
    public async Task A_setting_that_cannot_work_stops_the_service_with_what_to_do(string argument, string message)
    {
        var exit = await ServiceProcess.RunUntilExitAsync(argument);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains(message, exit.Errors);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
    }
}
