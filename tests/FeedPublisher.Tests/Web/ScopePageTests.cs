using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>
/// Tag and author pages on the real host, and the links that lead to them: 23 articles tagged "City transport" by
/// Jane Doe (one of them also by John Roe and tagged "Harbour"), so the tag's list runs to a second page.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed partial class ScopePageTests(ScopePageTests.TaggedSite site) : IClassFixture<ScopePageTests.TaggedSite>
{
    public const int ArticleCount = 23;

    [Fact]
    public async Task Tag_page_lists_its_articles_newest_first_twenty_a_page_with_links_between_the_pages()
    {
        var first = await site.HtmlAsync("/tags/city-transport");
        var second = await site.HtmlAsync("/tags/city-transport?page=2");

        Assert.Contains("<h1>Articles tagged City transport</h1>", first);
        Assert.Equal(Enumerable.Range(4, 20).Reverse().Select(n => $"Line {n} gets new buses"), Titles(first));
        Assert.Equal(["Line 3 gets new buses", "Line 2 gets new buses", "Line 1 gets new buses"], Titles(second));
        Assert.Contains("<a rel=\"next\" href=\"/tags/city-transport?page=2\">", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        Assert.Contains("<a rel=\"prev\" href=\"/tags/city-transport\">", second);
        Assert.DoesNotContain("rel=\"next\"", second);
    }

    [Fact]
    public async Task Author_page_lists_what_that_author_wrote()
    {
        var roe = await site.HtmlAsync("/authors/john-roe");

        Assert.Contains("<h1>Articles by John Roe</h1>", roe);
        Assert.Equal(["Line 7 gets new buses"], Titles(roe));
        Assert.Equal(20, Titles(await site.HtmlAsync("/authors/jane-doe")).Length);
    }

    [Theory]
    [InlineData("/tags/no-such-tag")]
    [InlineData("/authors/nobody")]
    [InlineData("/tags/city-transport?page=3")]
    [InlineData("/tags/city-transport?page=0")]
    [InlineData("/tags/city-transport?page=two")]
    [InlineData("/tags/city-transport?page=1&page=2")]
    public async Task Unknown_tag_or_author_or_a_page_that_does_not_exist_is_404(string path)
    {
        using var response = await site.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Article_page_links_its_authors_and_tags_and_the_links_open_their_pages()
    {
        var article = await site.HtmlAsync("/articles/line-7-gets-new-buses");

        Assert.Contains("By <a href=\"/authors/jane-doe\">Jane Doe</a> and <a href=\"/authors/john-roe\">John Roe</a>", article);
        Assert.Contains("Tags: <a href=\"/tags/city-transport\">City transport</a>, <a href=\"/tags/harbour\">Harbour</a>", article);
        foreach (var link in new[] { "/authors/jane-doe", "/authors/john-roe", "/tags/city-transport", "/tags/harbour" })
            Assert.Contains("Line 7 gets new buses", await site.HtmlAsync(link));
    }

    [Fact]
    public async Task Index_lists_the_tags_most_used_first_with_how_many_articles_each_has()
    {
        var index = await site.HtmlAsync("/");

        var tags = TagListRegex().Matches(index).Select(m => (m.Groups["href"].Value, m.Groups["name"].Value, m.Groups["count"].Value)).ToArray();
        Assert.Equal([("/tags/city-transport", "City transport", "23"), ("/tags/harbour", "Harbour", "1")], tags);
    }

    [Theory]
    [InlineData("/tags/city-transport")]
    [InlineData("/authors/jane-doe")]
    [InlineData("/")]
    [InlineData("/articles/line-7-gets-new-buses")]
    public async Task Pages_carry_an_ETag_and_answer_304_to_a_reader_that_has_them(string path)
    {
        using var first = await site.Client.GetAsync(path);
        var etag = FeedHttp.Header(first, "ETag");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var again = await site.Client.SendAsync(request);

        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    private static string[] Titles(string html) =>
        ArticleLinkRegex().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["title"].Value)).ToArray();

    [GeneratedRegex("<li><a href=\"/articles/[^\"]+\">(?<title>[^<]+)</a>")]
    private static partial Regex ArticleLinkRegex();

    [GeneratedRegex("<li><a href=\"(?<href>/tags/[^\"]+)\">(?<name>[^<]+)</a> <span class=\"meta\">(?<count>\\d+)</span></li>")]
    private static partial Regex TagListRegex();

    /// <summary>The real service with the tagged articles published.</summary>
    public sealed class TaggedSite : IAsyncLifetime
    {
        private TestApp? _app;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _app = await TestApp.StartAsync();
            Client = FeedHttp.CreateClient(_app.BaseAddress!);
            for (var n = 1; n <= ArticleCount; n++)
            {
                var authors = n == 7 ? "[Jane Doe, John Roe]" : n > 20 ? "[Ann Lee]" : "[Jane Doe]";
                var tags = n == 7 ? "[City transport, Harbour]" : "[City transport]";
                _app.DropIntoInbox($"line-{n:D2}.md", Encoding.UTF8.GetBytes(
                    $"---\ntitle: Line {n} gets new buses\nauthors: {authors}\ntags: {tags}\ndate: 2024-03-{n:D2}T09:00:00Z\n---\n\nThe city's line {n} gets new buses.\n"));
            }
            await _app.WaitForFeedAsync(_app.RssPath, f => f.Items.Count == ArticleCount, "every tagged article in rss.xml");
            // The index lists tags from the catalogue, which the regeneration after the last batch brings up to date.
            await _app.WaitUntilAsync(() => HtmlAsync("/").GetAwaiter().GetResult().Contains(">23</span>"), "the index to list the tags");
        }

        public async Task<string> HtmlAsync(string path)
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        public async Task DisposeAsync()
        {
            Client?.Dispose();
            if (_app is not null)
                await _app.DisposeAsync();
        }
    }
}
