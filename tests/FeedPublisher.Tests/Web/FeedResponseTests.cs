using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>A plain GET or HEAD of a feed: what a poller is told about the body it gets.</summary>
[Collection(RealAppCollection.Name)]
public sealed class FeedResponseTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    [Theory]
    [InlineData("/feeds/rss.xml", "application/rss+xml; charset=utf-8")]
    [InlineData("/feeds/atom.xml", "application/atom+xml; charset=utf-8")]
    [InlineData("/feeds/feed.json", "application/feed+json")]
    public async Task Feed_is_served_with_its_media_type_a_strong_ETag_and_caching_headers(string path, string contentType)
    {
        using var response = await site.Client.SendAsync(FeedHttp.Get(path));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(contentType, FeedHttp.Header(response, "Content-Type"));
        var etag = FeedHttp.Header(response, "ETag");
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal(FeedHttp.ETagOf(body), etag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("public, max-age=300", FeedHttp.Header(response, "Cache-Control"));
        Assert.Equal("Accept-Encoding", FeedHttp.Header(response, "Vary"));
        Assert.Null(FeedHttp.Header(response, "Content-Encoding"));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("/feeds/rss.xml", "rss.xml")]
    [InlineData("/feeds/atom.xml", "atom.xml")]
    public async Task Feed_body_is_the_file_written_under_feeds(string path, string fileName)
    {
        using var response = await site.Client.SendAsync(FeedHttp.Get(path));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(site.App.FeedsFolder, fileName)), body);
        var feed = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(body);
        Assert.Contains(feed.Items, item => item.Title == PublishedSite.HarbourTitle);
    }

    [Theory]
    [InlineData("/feeds/rss.xml", null)]
    [InlineData("/feeds/atom.xml", null)]
    [InlineData("/feeds/rss.xml", "gzip")]
    [InlineData("/feeds/atom.xml", "br")]
    [InlineData("/feeds/feed.json", "gzip")]
    public async Task HEAD_gives_the_same_headers_as_GET_and_no_body(string path, string? acceptEncoding)
    {
        using var get = await site.Client.SendAsync(FeedHttp.Get(path, acceptEncoding));
        var getBody = await get.Content.ReadAsByteArrayAsync();
        var headRequest = FeedHttp.Get(path, acceptEncoding);
        headRequest.Method = HttpMethod.Head;
        using var head = await site.Client.SendAsync(headRequest);

        Assert.Equal(200, (int)head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(getBody.Length, head.Content.Headers.ContentLength);
        foreach (var name in new[] { "Content-Type", "Content-Length", "Content-Encoding", "ETag", "Last-Modified", "Cache-Control", "Vary" })
            Assert.True(FeedHttp.Header(get, name) == FeedHttp.Header(head, name),
                $"{name}: GET said '{FeedHttp.Header(get, name)}', HEAD said '{FeedHttp.Header(head, name)}'");
    }

    [Fact]
    public async Task HEAD_over_the_wire_sends_Content_Length_and_not_a_single_body_byte()
    {
        var get = await FeedHttp.SendRawAsync(site.BaseAddress, "GET", "/feeds/rss.xml");
        var head = await FeedHttp.SendRawAsync(site.BaseAddress, "HEAD", "/feeds/rss.xml");

        Assert.Equal(200, head.Status);
        Assert.Equal(get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Empty(head.Body);
    }
}

/// <summary>Options that change response headers get a service of their own.</summary>
[Collection(RealAppCollection.Name)]
public sealed class FeedCachingOptionTests
{
    [Fact]
    public async Task Feeds_MaxAgeSeconds_sets_the_max_age_in_Cache_Control()
    {
        await using var app = await TestApp.StartAsync("--Feeds:MaxAgeSeconds=60");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        foreach (var path in PublishedSite.FeedPaths)
        {
            await app.WaitUntilAsync(() => client.Send(FeedHttp.Get(path)).StatusCode == System.Net.HttpStatusCode.OK, $"{path} to be served");
            using var response = await client.SendAsync(FeedHttp.Get(path));
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("public, max-age=60", FeedHttp.Header(response, "Cache-Control"));
        }
    }
}
