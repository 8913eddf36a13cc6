using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Status;

/// <summary>/status, /status.json and /metrics on the real host: what the publisher sees of its readers, and who may see it.</summary>
[Collection(RealAppCollection.Name)]
public sealed class StatusPageTests
{
    private const string Token = "status-token-0123456789abcdef0123456789abcdef";
    private const string Feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 120 subscribers; feed-id=feed/abc)";
    private const string NewsBlur = "NewsBlur Feed Fetcher - 35 subscribers - http://www.newsblur.com/site/1 (Mozilla/5.0)";

    private static async Task<HttpResponseMessage> PollAsync(HttpClient client, string path, string userAgent, string? etag = null)
    {
        var request = FeedHttp.Get(path, ifNoneMatch: etag);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Status_json_shows_each_feeds_clients_304_share_audience_and_a_report_card_per_client()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        // An aggregator that echoes its validator (and reports a grown audience), another aggregator, and a client that
        // never sends a validator.
        using (var first = await PollAsync(client, "/feeds/rss.xml", Feedly))
        {
            var etag = FeedHttp.Header(first, "ETag");
            for (var i = 0; i < 3; i++)
                (await PollAsync(client, "/feeds/rss.xml", Feedly, etag)).Dispose();
        }
        (await PollAsync(client, "/feeds/rss.xml", Feedly.Replace("120 subscribers", "121 subscribers"))).Dispose();
        (await PollAsync(client, "/feeds/rss.xml", NewsBlur)).Dispose();
        for (var i = 0; i < 12; i++)
            (await PollAsync(client, "/feeds/rss.xml", "Hammer/1.0")).Dispose();

        using var response = await client.GetAsync("/status.json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("no-store", FeedHttp.Header(response, "Cache-Control"));
        using var json = JsonDocument.Parse(text);
        var feed = json.RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "/feeds/rss.xml");
        // Feedly's count grew from 120 to 121 between polls: one client, its latest count; NewsBlur adds its 35.
        Assert.Equal(3, feed.GetProperty("clients").GetInt32());
        Assert.Equal(156, feed.GetProperty("subscribers").GetInt64());
        // The start-up wait polled the Atom feed, not this one.
        Assert.Equal(18, feed.GetProperty("requests").GetInt64());
        Assert.Equal(1, feed.GetProperty("limitedClients").GetInt32());
        Assert.True(feed.GetProperty("bytesSent").GetInt64() > 0);
        var cards = json.RootElement.GetProperty("clients").EnumerateArray().ToList();
        var feedly = cards.Single(c => c.GetProperty("userAgent").GetString()!.StartsWith("Feedly", StringComparison.Ordinal));
        Assert.Equal(1.0, feedly.GetProperty("echoesValidatorsExactly").GetDouble());
        Assert.Equal(121, feedly.GetProperty("subscribers").GetInt32());
        var hammer = cards.Single(c => c.GetProperty("userAgent").GetString() == "Hammer/1.0");
        Assert.Equal(0.0, hammer.GetProperty("sendsValidators").GetDouble());
        Assert.Equal(2, hammer.GetProperty("limited").GetInt64());
        Assert.Equal("poor", hammer.GetProperty("grade").GetString());
        Assert.Equal("127.0.0.0/24", hammer.GetProperty("address").GetString());
        // Addresses are never shown whole.
        Assert.DoesNotContain("127.0.0.1", text);
    }

    [Fact]
    public async Task Status_is_a_page_a_publisher_can_read_and_says_it_shows_this_instance_only()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        (await PollAsync(client, "/feeds/feed.json", Feedly)).Dispose();

        using var response = await client.GetAsync("/status");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html; charset=utf-8", FeedHttp.Header(response, "Content-Type"));
        Assert.Contains("<meta name=\"viewport\"", html);
        Assert.Contains("<code>/feeds/feed.json</code>", html);
        Assert.Contains("120 via Feedly/1.0", html);
        Assert.Contains("each shows its own readers", html);
        Assert.DoesNotContain("<script", html);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status.json")]
    [InlineData("/metrics")]
    // Routing matches these too: the gate must as well.
    [InlineData("/status/")]
    [InlineData("/STATUS.json")]
    [InlineData("/Metrics/")]
    public async Task Without_a_token_the_figures_answer_only_on_this_machine_and_not_through_a_proxy(string path)
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using (var local = await client.GetAsync(path))
            Assert.Equal(200, (int)local.StatusCode);
        var proxied = new HttpRequestMessage(HttpMethod.Get, path);
        proxied.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.7");
        using var refused = await client.SendAsync(proxied);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Contains("Status:Token", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status.json")]
    [InlineData("/metrics")]
    [InlineData("/status/")]
    public async Task With_a_token_the_figures_need_it_as_a_bearer_token(string path)
    {
        await using var app = await OneArticleSite.StartAsync($"--Status:Token={Token}");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using (var none = await client.GetAsync(path))
        {
            Assert.Equal(401, (int)none.StatusCode);
            Assert.Equal("Bearer", FeedHttp.Header(none, "WWW-Authenticate"));
        }
        var wrong = new HttpRequestMessage(HttpMethod.Get, path);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        using (var refused = await client.SendAsync(wrong))
            Assert.Equal(401, (int)refused.StatusCode);
        var right = new HttpRequestMessage(HttpMethod.Get, path);
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var allowed = await client.SendAsync(right);
        Assert.Equal(200, (int)allowed.StatusCode);
    }

    [Fact]
    public async Task Metrics_count_ingests_regenerations_requests_by_kind_and_status_and_429s_in_Prometheus_text()
    {
        await using var app = await OneArticleSite.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var before = await MetricsAsync(client);
        using (var first = await PollAsync(client, "/tags/harbours/atom.xml", "Reader/1.0"))
        {
            var etag = FeedHttp.Header(first, "ETag");
            for (var i = 0; i < 5; i++)
                (await PollAsync(client, "/tags/harbours/atom.xml", "Reader/1.0", etag)).Dispose();
        }
        for (var i = 0; i < 12; i++)
            (await PollAsync(client, "/feeds/rss.xml", "Hammer/1.0")).Dispose();

        var after = await MetricsAsync(client);

        Assert.Equal(5, Value(after, "feedpublisher_feed_requests_total", "kind=\"tag\"", "format=\"atom\"", "status=\"304\"")
            - Value(before, "feedpublisher_feed_requests_total", "kind=\"tag\"", "format=\"atom\"", "status=\"304\""));
        Assert.True(Value(after, "feedpublisher_feed_requests_total", "kind=\"site\"", "format=\"rss\"", "status=\"429\"") >= 2);
        Assert.True(Value(after, "feedpublisher_feed_limited_total", "kind=\"site\"") >= 2);
        Assert.True(Value(after, "feedpublisher_articles_ingested_total", "outcome=\"new\"", "source=\"inbox\"") >= 1);
        Assert.True(Value(after, "feedpublisher_regenerations_total", "outcome=\"changed\"") >= 1);
        Assert.True(Value(after, "feedpublisher_regeneration_duration_seconds_count") >= 1);
        Assert.Matches(@"(?m)^# TYPE feedpublisher_feed_requests_total counter$", after);
        Assert.Matches(@"(?m)^feedpublisher_feed_not_modified_ratio\{[^}]*\} 0\.\d+", after);
    }

    private static async Task<string> MetricsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain", FeedHttp.Header(response, "Content-Type"));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels include all of these (0 when there is none yet).</summary>
    private static double Value(string metrics, string name, params string[] labels) =>
        Regex.Matches(metrics, $@"(?m)^{Regex.Escape(name)}(\{{(?<labels>[^}}]*)\}})? (?<value>\S+)")
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
}
