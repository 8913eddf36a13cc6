using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

public sealed class DateTests
{
    [Theory]
    [InlineData("20 June 2014", "2014-06-20T00:00:00Z")]
    [InlineData("June 20, 2014", "2014-06-20T00:00:00Z")]
    [InlineData("2014-06-20", "2014-06-20T00:00:00Z")]
    [InlineData("2014-06-20T09:30:00+02:00", "2014-06-20T07:30:00Z")]
    [InlineData("Fri, 20 Jun 2014 09:30:00 GMT", "2014-06-20T09:30:00Z")]
    public void Date_line_in_each_common_format_is_read(string dateLine, string expectedUtc)
    {
        var article = ParseDated(dateLine, "UTC");
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), article.Published);
        Assert.Equal(["Jane Doe"], article.Authors);
        Assert.DoesNotContain("2014", article.ContentHtml);
    }

    [Fact]
    public void Date_without_time_is_midnight_in_the_site_time_zone()
    {
        var article = ParseDated("2014-06-20", "Europe/Berlin");
        Assert.Equal(new DateTimeOffset(2014, 6, 19, 22, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(TimeSpan.FromHours(2), article.Published!.Value.Offset);
    }

    [Fact]
    public void Date_with_an_offset_ignores_the_site_time_zone()
    {
        var article = ParseDated("2014-06-20T09:30:00+02:00", "Europe/Berlin");
        Assert.Equal(new DateTimeOffset(2014, 6, 20, 7, 30, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void Article_without_a_date_has_no_published_time()
    {
        var article = Parsers.ParseFixture("undated.md");
        Assert.Null(article.Published);
        Assert.Equal(["Jane Doe"], article.Authors);
        // The GUID is minted from the (pinned) ingest clock instead.
        Assert.Contains($",{Parsers.PinnedNow:yyyy-MM-dd}:", article.Guid);
    }

    [Fact]
    public void Date_outside_the_supported_years_is_rejected_with_its_line()
    {
        var ex = Assert.Throws<FeedPublisher.Articles.ArticleParseException>(() => ParseDated("20 June 1850", "UTC"));
        Assert.Equal(4, ex.Line);
        Assert.Contains("1850", ex.Message);
    }

    private static FeedPublisher.Articles.Article ParseDated(string dateLine, string zone) =>
        Parsers.ParseText("dated.md", TestFiles.FixtureText("dated-template.md").Replace("{{DATE}}", dateLine), zone);
}
