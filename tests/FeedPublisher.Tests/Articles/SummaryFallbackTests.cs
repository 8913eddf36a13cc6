using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

public sealed class SummaryFallbackTests
{
    [Theory]
    [InlineData("![A harbour at dawn](/img/harbour.jpg)")]
    [InlineData("<script>alert(1)</script>")]
    public void First_paragraph_without_text_gives_a_summary_from_the_rest_of_the_body(string firstParagraph)
    {
        var article = Parsers.ParseText("summary.md",
            $"# Summary fallback\n\nJane Doe  \n1 March 2024\n\n{firstParagraph}\n\nThe ferry resumed service on Monday.\n");

        Assert.Contains("The ferry resumed service on Monday.", article.Summary);
        Assert.DoesNotContain("alert", article.Summary);
    }
}
