using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>
/// Markdown is rendered on one of two paths: Markdig alone when the article has no raw HTML, Markdig and the HTML
/// sanitizer when it has some. Which URLs survive must not depend on the path.
/// </summary>
public sealed class UrlPolicyTests
{
    private const string RawHtml = "A <b>bold</b> aside.";

    public static TheoryData<string, string, bool, bool> Cases()
    {
        (string Markdown, string Url, bool Kept)[] cases =
        [
            ("![a chart](mailto:desk@example.org)", "mailto:desk@example.org", false),
            ("![a chart](http://example.org/chart.png)", "http://example.org/chart.png", true),
            ("![a chart](javascript:alert(1))", "javascript:alert(1)", false),
            ("[the desk](mailto:desk@example.org)", "mailto:desk@example.org", true),
            ("[the desk](http://example.org/desk)", "http://example.org/desk", true),
            ("[the desk](javascript:alert(1))", "javascript:alert(1)", false),
        ];
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var (markdown, url, kept) in cases)
        {
            data.Add(markdown, url, kept, false);
            data.Add(markdown, url, kept, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_link_or_image_url_is_kept_or_dropped_by_its_scheme_whether_or_not_the_article_has_raw_html(
        string markdown, string url, bool kept, bool withRawHtml)
    {
        var html = Parsers.ParseText("urls.md", $"# URLs\n\nJane Doe  \n1 March 2024\n\n{markdown}\n\n{(withRawHtml ? RawHtml : "No markup here.")}\n").ContentHtml;

        Assert.Equal(withRawHtml, html.Contains("<b>bold</b>"));
        var isImage = markdown.StartsWith('!');
        Assert.Equal(kept, html.Contains($"{(isImage ? "src" : "href")}=\"{url}\""));
        if (!kept)
            Assert.DoesNotContain(url[..(url.IndexOf(':') + 1)], html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(isImage ? "a chart" : "the desk", html);
    }
}
