using System.Text;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>
/// Only the generated feeds, the pages and the health check exist, and only for GET and HEAD. Paths are sent raw over a
/// socket, because HttpClient would resolve dot segments and escapes before the service ever saw them.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class PathAndMethodTests(PublishedSite site) : IClassFixture<PublishedSite>
{
    [Theory]
    [InlineData("/feeds/nope.xml")]
    [InlineData("/feeds/RSS.XML")]
    [InlineData("/feeds/rss.xml/")]
    [InlineData("/feeds/../appsettings.json")]
    [InlineData("/feeds/..%2Fappsettings.json")]
    [InlineData("/feeds/..%2fappsettings.json")]
    [InlineData("/feeds/%2e%2e/appsettings.json")]
    [InlineData("/feeds/%2E%2E%2Fappsettings.json")]
    [InlineData("/feeds/..\\appsettings.json")]
    [InlineData("/feeds/..%5Cappsettings.json")]
    [InlineData("/feeds/..%5cappsettings.json")]
    [InlineData("/feeds//etc/passwd")]
    [InlineData("/feeds/rss.xml/../../appsettings.json")]
    [InlineData("/feeds/%2e%2e%2f%2e%2e%2fappsettings.json")]
    [InlineData("/appsettings.json")]
    [InlineData("/nope")]
    public async Task Unknown_or_escaping_path_is_404_and_leaks_nothing(string target)
    {
        foreach (var method in new[] { "GET", "HEAD" })
        {
            var response = await FeedHttp.SendRawAsync(site.BaseAddress, method, target);

            Assert.True(response.Status == 404, $"{method} {target} answered {response.Status}: {response.BodyText}");
            Assert.DoesNotContain(PublishedSite.SecretMarker, response.BodyText);
            Assert.DoesNotContain("ConnectionString", response.BodyText);
            Assert.DoesNotContain("root:", response.BodyText);
        }
    }

    [Theory]
    [InlineData("POST", "/feeds/rss.xml")]
    [InlineData("PUT", "/feeds/rss.xml")]
    [InlineData("DELETE", "/feeds/rss.xml")]
    [InlineData("PATCH", "/feeds/atom.xml")]
    [InlineData("OPTIONS", "/feeds/atom.xml")]
    public async Task Feed_refuses_other_methods_with_405_and_Allow_GET_HEAD(string method, string path)
    {
        using var response = await site.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("GET, HEAD", FeedHttp.Header(response, "Allow"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST", "/")]
    [InlineData("POST", PublishedSite.HarbourPath)]
    [InlineData("POST", "/articles/x")]
    [InlineData("POST", "/healthz")]
    [InlineData("DELETE", "/healthz")]
    public async Task Pages_and_health_refuse_other_methods_with_405(string method, string path)
    {
        using var response = await site.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(405, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData(PublishedSite.HarbourPath)]
    public async Task POST_with_a_body_is_refused(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("<rss><channel><title>forged</title></channel></rss>", Encoding.UTF8, "application/rss+xml"),
        };

        using var response = await site.Client.SendAsync(request);

        Assert.Contains((int)response.StatusCode, new[] { 405, 413 });
        using var feed = await site.Client.SendAsync(FeedHttp.Get("/feeds/rss.xml"));
        Assert.DoesNotContain("forged", await feed.Content.ReadAsStringAsync());
    }
}
