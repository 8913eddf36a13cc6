using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>Front matter <c>image:</c> and <c>image_alt:</c>: the featured image every feed format and the page carry.</summary>
public sealed class FeaturedImageTests
{
    private static Article Parse(string frontMatter) =>
        Parsers.ParseText("pictured.md", $"---\ntitle: A pictured article\n{frontMatter}---\n\nThe text of the article.\n");

    [Fact]
    public void Absolute_https_image_is_kept_with_its_alt_text_as_plain_text()
    {
        var article = Parse("image: https://cdn.example.org/photos/bridge.jpg\nimage_alt: The *old* bridge at dawn\n");

        Assert.Equal("https://cdn.example.org/photos/bridge.jpg", article.ImageUrl);
        Assert.Equal("The old bridge at dawn", article.ImageAlt);
    }

    [Fact]
    public void Relative_image_is_made_absolute_under_the_site()
    {
        Assert.Equal("http://127.0.0.1:5080/media/bridge.png", Parse("image: /media/bridge.png\n").ImageUrl);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("ftp://files.example.org/bridge.jpg")]
    [InlineData("mailto:desk@example.org")]
    public void Image_that_is_not_http_or_https_is_a_clear_error_on_its_line(string url)
    {
        var ex = Assert.Throws<ArticleParseException>(() => Parse($"author: Jane Doe\nimage: '{url}'\n"));

        Assert.Equal(4, ex.Line);
        Assert.Contains("not an http or https URL", ex.Message);
    }

    [Fact]
    public void Article_without_an_image_has_none_and_alt_text_alone_is_ignored()
    {
        var article = Parse("image_alt: A picture that is not there\n");

        Assert.Null(article.ImageUrl);
        Assert.Null(article.ImageAlt);
    }
}
