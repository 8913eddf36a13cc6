using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>
/// Markdown with no raw HTML is rendered by Markdig without the HTML sanitizer; the URLs authors write must be made
/// just as safe on that path.
/// </summary>
public sealed class PlainMarkdownLinkTests
{
    private static string Html(string body) =>
        Parsers.ParseText("links.md", $"# Links\n\nJane Doe  \n1 March 2024\n\n{body}\n").ContentHtml;

    [Theory]
    [InlineData("[click here](javascript:alert(1))")]
    [InlineData("[click here](JavaScript:alert(1))")]
    [InlineData("[click here](javascript&colon;alert(1))")]
    [InlineData("[click here](java&#9;script:alert(1))")]
    [InlineData("[click here](vbscript:msgbox(1))")]
    [InlineData("[click here](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click here][ref]\n\n[ref]: javascript:alert(1)")]
    public void Link_with_a_script_or_data_scheme_keeps_its_text_and_loses_its_target(string markdown)
    {
        var html = Html(markdown);
        Assert.Contains("click here", html);
        Assert.DoesNotContain("<a", html);
        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Image_with_a_data_url_is_dropped_to_its_alt_text()
    {
        var html = Html("![a chart](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)");
        Assert.DoesNotContain("<img", html);
        Assert.Contains("a chart", html);
    }

    [Theory]
    [InlineData("[about](/about)", "http://127.0.0.1:5080/about")]
    [InlineData("[about](about)", "http://127.0.0.1:5080/about")]
    [InlineData("[site](https://example.org/x?a=1&b=2)", "https://example.org/x?a=1&amp;b=2")]
    [InlineData("[mail](mailto:desk@example.org)", "mailto:desk@example.org")]
    [InlineData("![photo](/img/a.jpg)", "http://127.0.0.1:5080/img/a.jpg")]
    public void Safe_links_and_images_become_absolute_under_the_site(string markdown, string expectedUrl)
    {
        Assert.Contains($"\"{expectedUrl}\"", Html(markdown));
    }

    [Fact]
    public void Escaped_angle_brackets_stay_text()
    {
        var html = Html("Entities &#60;script&#62;alert(1)&#60;/script&#62; stay text.");
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
