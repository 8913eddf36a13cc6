using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>
/// The project's own article in the shape of the site's export (TestData/000_5f3c2a9e8b7d6c41.txt), parsed with the
/// shipped settings: what SampleArticleTests checks on the real sample, checked everywhere.
/// </summary>
public sealed class ExportShapedArticleTests
{
    private static readonly Lazy<Article> Exported = new(() => Parsers.ParseFixture(TestFiles.ExportShaped, timeZone: "UTC"));

    [Fact]
    public void Fixture_keeps_the_export_shape_an_editor_could_strip()
    {
        // Trailing spaces and leading blank lines are what editors and formatters remove; without them the tests
        // below would pass on an easier file than the export.
        var text = TestFiles.FixtureText(TestFiles.ExportShaped);
        Assert.StartsWith("\n\n# ", text);
        Assert.Contains("\n\nClara Winterbottom  \n20 June 2014\n\n", text);
        Assert.Contains("\n\n\n\nTo contact the WSW and the  \nSocialist Equality Party visit:  \n", text);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void Title_is_the_heading_after_the_leading_blank_lines()
    {
        Assert.Equal("River breaks its banks and floods the old town after a night of storms", Exported.Value.Title);
    }

    [Fact]
    public void Byline_with_two_trailing_spaces_gives_exactly_one_author()
    {
        Assert.Equal(["Clara Winterbottom"], Exported.Value.Authors);
    }

    [Fact]
    public void Date_line_is_midnight_in_the_site_time_zone()
    {
        Assert.Equal(new DateTimeOffset(2014, 6, 20, 0, 0, 0, TimeSpan.Zero), Exported.Value.Published);
        Assert.Null(Exported.Value.Updated);
    }

    [Fact]
    public void Id_is_the_file_stem()
    {
        Assert.Equal("000_5f3c2a9e8b7d6c41", Exported.Value.Id);
    }

    [Theory]
    [InlineData("emergency crews had been told to expect the worst")]
    [InlineData("at a cost of nearly four million euros, failed")]
    public void Paragraphs_split_mid_sentence_are_joined_into_one_paragraph(string acrossTheSplit)
    {
        var paragraph = Html.Paragraphs(Exported.Value.ContentHtml).SingleOrDefault(p => p.Contains(acrossTheSplit, StringComparison.Ordinal));
        Assert.True(paragraph is not null, $"No single <p> contains '{acrossTheSplit}':\n{Exported.Value.ContentHtml}");
    }

    [Fact]
    public void Paragraphs_that_end_a_sentence_stay_separate()
    {
        var paragraphs = Html.Paragraphs(Exported.Value.ContentHtml);
        // The file has 19 paragraphs; two pairs of them are halves of one sentence split the way the scraper splits them.
        Assert.Equal(17, paragraphs.Count);
        Assert.StartsWith("Less than six hours after", paragraphs[0]);
        Assert.StartsWith("The larger question", paragraphs[^1]);
    }

    [Fact]
    public void Contact_trailer_is_removed()
    {
        var html = Exported.Value.ContentHtml;
        Assert.DoesNotContain("To contact", html);
        Assert.DoesNotContain("Socialist Equality Party", html);
        Assert.DoesNotContain("wsws.org/contact", html);
        Assert.EndsWith("before the next storm.</p>", html);
    }

    [Fact]
    public void Italics_are_kept_as_emphasis()
    {
        Assert.Contains("<em>Harbour Gazette</em>", Exported.Value.ContentHtml);
        Assert.Contains("<em>Evening Courier</em>", Exported.Value.ContentHtml);
    }

    [Fact]
    public void Summary_is_the_first_paragraph_cut_at_a_word_with_an_ellipsis()
    {
        var summary = Exported.Value.Summary;
        Assert.InRange(summary.Length, 140, 281);
        Assert.EndsWith("…", summary);
        Assert.StartsWith("Less than six hours after the first storm warnings on Thursday evening", summary);
        Assert.DoesNotContain("<", summary);
    }

    [Fact]
    public void Content_has_no_script_no_heading_and_no_byline()
    {
        Assert.DoesNotContain("<script", Exported.Value.ContentHtml, StringComparison.OrdinalIgnoreCase);
        // The title and byline are metadata, not body.
        Assert.DoesNotContain("<h1", Exported.Value.ContentHtml);
        Assert.DoesNotContain("Clara Winterbottom", Exported.Value.ContentHtml);
        Assert.DoesNotContain("20 June 2014", Exported.Value.ContentHtml);
    }

    [Fact]
    public void Guid_is_a_tag_uri_from_the_site_host_date_and_id()
    {
        Assert.Equal("tag:127.0.0.1,2014-06-20:articles/000_5f3c2a9e8b7d6c41", Exported.Value.Guid);
    }
}
