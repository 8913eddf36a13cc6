using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>Precompressed bodies: chosen from Accept-Encoding, each decoding to the identity body, each with its own ETag.</summary>
[Collection(RealAppCollection.Name)]
public sealed class CompressionTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    private const string AnyCompression = "gzip or br";

    public static TheoryData<string, string, string?> Negotiations()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var path in PublishedSite.FeedPaths)
        {
            data.Add(path, "gzip", "gzip");
            data.Add(path, "br", "br");
            data.Add(path, "gzip, deflate, br", "br");
            data.Add(path, "gzip;q=1, br;q=0.5", "gzip");
            data.Add(path, "br;q=0, gzip;q=0", null);
            data.Add(path, "*", AnyCompression);
            data.Add(path, "identity", null);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Negotiations))]
    public async Task Accept_Encoding_picks_the_coding_and_the_body_decodes_to_exactly_the_identity_body(
        string path, string acceptEncoding, string? expectedCoding)
    {
        var identity = await BodyAsync(path, null);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, acceptEncoding));
        var body = await response.Content.ReadAsByteArrayAsync();
        var coding = FeedHttp.Header(response, "Content-Encoding");

        Assert.Equal(200, (int)response.StatusCode);
        if (expectedCoding == AnyCompression)
            Assert.Contains(coding, new[] { "gzip", "br" });
        else
            Assert.Equal(expectedCoding, coding);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(identity.Body, FeedHttp.Decode(body, coding));
        if (coding is not null)
            Assert.True(body.Length < identity.Body.Length, $"{coding} body is {body.Length} bytes, identity {identity.Body.Length}");
        Assert.Equal(FeedHttp.ETagOf(identity.Body, coding), FeedHttp.Header(response, "ETag"));
        Assert.Equal("Accept-Encoding", FeedHttp.Header(response, "Vary"));
        Assert.Equal(identity.ContentType, FeedHttp.Header(response, "Content-Type"));
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/atom.xml")]
    [InlineData("/feeds/feed.json")]
    public async Task Each_coding_has_its_own_ETag(string path)
    {
        var etags = new[] { await BodyAsync(path, null), await BodyAsync(path, "gzip"), await BodyAsync(path, "br") }.Select(r => r.ETag).ToArray();

        Assert.Equal(3, etags.Distinct().Count());
        Assert.All(etags, etag => Assert.DoesNotContain("W/", etag));
    }

    [Theory]
    [InlineData("/feeds/rss.xml", "gzip")]
    [InlineData("/feeds/atom.xml", "gzip")]
    [InlineData("/feeds/rss.xml", "br")]
    [InlineData("/feeds/feed.json", "br")]
    public async Task Conditional_GET_with_a_compressed_ETag_and_the_same_Accept_Encoding_gives_304(string path, string coding)
    {
        var compressed = await BodyAsync(path, coding);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, coding, ifNoneMatch: compressed.ETag));

        Assert.Equal(304, (int)response.StatusCode);
        Assert.Equal(compressed.ETag, FeedHttp.Header(response, "ETag"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/atom.xml")]
    public async Task Gzip_ETag_sent_without_Accept_Encoding_gets_the_identity_body_not_304(string path)
    {
        var gzip = await BodyAsync(path, "gzip");
        var identity = await BodyAsync(path, null);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, ifNoneMatch: gzip.ETag));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(identity.Body, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(identity.ETag, FeedHttp.Header(response, "ETag"));
    }

    private async Task<(byte[] Body, string ETag, string? ContentType)> BodyAsync(string path, string? acceptEncoding)
    {
        using var response = await site.Client.SendAsync(FeedHttp.Get(path, acceptEncoding));
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), FeedHttp.Header(response, "ETag")!, FeedHttp.Header(response, "Content-Type"));
    }
}
