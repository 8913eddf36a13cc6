using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

public sealed class SanitizingTests
{
    private static readonly Lazy<string> Html = new(() => Parsers.ParseFixture("hostile-html.md").ContentHtml);

    [Fact]
    public void Script_elements_are_removed_with_their_code()
    {
        Assert.DoesNotContain("<script", Html.Value, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Before the script block.", Html.Value);
    }

    [Fact]
    public void Event_handler_attributes_are_removed()
    {
        Assert.DoesNotContain("onerror", Html.Value, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("An image follows", Html.Value);
    }

    [Fact]
    public void Javascript_links_lose_their_target_but_keep_their_text()
    {
        Assert.DoesNotContain("javascript:", Html.Value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(", Html.Value);
        Assert.Contains("javascript link", Html.Value);
    }

    [Fact]
    public void Relative_links_become_absolute_under_the_site_base_url()
    {
        Assert.Contains("<a href=\"http://127.0.0.1:5080/about\">about page</a>", Html.Value);
    }
}
