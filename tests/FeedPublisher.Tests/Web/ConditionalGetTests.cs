using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>Conditional GET: a poller that has the current feed gets 304 and no body; one that has not gets the feed.</summary>
[Collection(RealAppCollection.Name)]
public sealed class ConditionalGetTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    public static TheoryData<string, string> MatchingIfNoneMatch()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in PublishedSite.FeedPaths)
        {
            data.Add(path, "{etag}");
            data.Add(path, "\"x\", {etag}");
            data.Add(path, "*");
            data.Add(path, "W/{etag}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MatchingIfNoneMatch))]
    public async Task If_None_Match_that_matches_gives_304_with_the_ETag_and_no_body(string path, string ifNoneMatch)
    {
        var (etag, _) = await CurrentValidatorsAsync(path);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, ifNoneMatch: ifNoneMatch.Replace("{etag}", etag)));

        Assert.Equal(304, (int)response.StatusCode);
        Assert.Equal(etag, FeedHttp.Header(response, "ETag"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/feeds/rss.xml", 0)]
    [InlineData("/feeds/atom.xml", 0)]
    [InlineData("/feeds/rss.xml", 3600)]
    [InlineData("/feeds/atom.xml", 86400 * 365)]
    public async Task If_Modified_Since_at_or_after_Last_Modified_gives_304(string path, int secondsLater)
    {
        var (etag, lastModified) = await CurrentValidatorsAsync(path);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, ifModifiedSince: Http(lastModified.AddSeconds(secondsLater))));

        Assert.Equal(304, (int)response.StatusCode);
        Assert.Equal(etag, FeedHttp.Header(response, "ETag"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/feeds/rss.xml", 1)]
    [InlineData("/feeds/atom.xml", 86400)]
    public async Task If_Modified_Since_before_Last_Modified_gives_200_and_the_feed(string path, int secondsEarlier)
    {
        var (etag, lastModified) = await CurrentValidatorsAsync(path);

        using var response = await site.Client.SendAsync(FeedHttp.Get(path, ifModifiedSince: Http(lastModified.AddSeconds(-secondsEarlier))));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(etag, FeedHttp.ETagOf(body));
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/atom.xml")]
    public async Task If_None_Match_that_does_not_match_wins_over_a_matching_If_Modified_Since(string path)
    {
        var (etag, lastModified) = await CurrentValidatorsAsync(path);

        using var response = await site.Client.SendAsync(
            FeedHttp.Get(path, ifNoneMatch: "\"0123456789abcdef01234567\"", ifModifiedSince: Http(lastModified.AddHours(1))));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(etag, FeedHttp.Header(response, "ETag"));
        Assert.Equal(etag, FeedHttp.ETagOf(body));
    }

    private async Task<(string ETag, DateTimeOffset LastModified)> CurrentValidatorsAsync(string path)
    {
        using var response = await site.Client.SendAsync(FeedHttp.Get(path));
        Assert.Equal(200, (int)response.StatusCode);
        return (FeedHttp.Header(response, "ETag")!, response.Content.Headers.LastModified!.Value);
    }

    private static string Http(DateTimeOffset time) => time.ToUniversalTime().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
