using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>
/// The real exported article from ../shared/samples, parsed with the shipped settings. These run in addition where the
/// sample is beside the repository and are skipped elsewhere; ExportShapedArticleTests checks the same on a fixture.
/// </summary>
public sealed class SampleArticleTests
{
    private static readonly Lazy<Article> Sample = new(() =>
        Parsers.Create(timeZone: "UTC").Parse(Path.GetFileName(TestFiles.SamplePath), TestFiles.SampleBytes()));

    [RealSampleFact]
    public void Sample_title_is_the_heading_after_the_leading_blank_lines()
    {
        Assert.Equal("Ukraine regime launches military blitz after floating ceasefire plan", Sample.Value.Title);
    }

    [RealSampleFact]
    public void Sample_byline_gives_exactly_one_author()
    {
        Assert.Equal(["Bill Van Auken"], Sample.Value.Authors);
    }

    [RealSampleFact]
    public void Sample_date_line_is_midnight_in_the_site_time_zone()
    {
        Assert.Equal(new DateTimeOffset(2014, 6, 20, 0, 0, 0, TimeSpan.Zero), Sample.Value.Published);
        Assert.Null(Sample.Value.Updated);
    }

    [RealSampleFact]
    public void Sample_id_is_the_file_stem()
    {
        Assert.Equal("000_01adffd9e7f90a7b", Sample.Value.Id);
    }

    [RealSampleTheory]
    [InlineData("new mopping-up operation. We will not")]
    [InlineData("east of the country came only hours")]
    public void Sample_paragraphs_split_mid_sentence_are_joined_into_one_paragraph(string acrossTheSplit)
    {
        var paragraph = Html.Paragraphs(Sample.Value.ContentHtml).SingleOrDefault(p => p.Contains(acrossTheSplit, StringComparison.Ordinal));
        Assert.True(paragraph is not null, $"No single <p> contains '{acrossTheSplit}':\n{Sample.Value.ContentHtml}");
    }

    [RealSampleFact]
    public void Sample_paragraphs_that_end_a_sentence_stay_separate()
    {
        var paragraphs = Html.Paragraphs(Sample.Value.ContentHtml);
        // The export has 23 paragraphs; two pairs of them are halves of one sentence split by the scraper.
        Assert.Equal(21, paragraphs.Count);
        Assert.StartsWith("Within barely 48 hours", paragraphs[0]);
        Assert.StartsWith("The clear implication", paragraphs[^1]);
    }

    [RealSampleFact]
    public void Sample_contact_trailer_is_removed()
    {
        var html = Sample.Value.ContentHtml;
        Assert.DoesNotContain("To contact", html);
        Assert.DoesNotContain("Socialist Equality Party", html);
        Assert.DoesNotContain("wsws.org/contact", html);
        Assert.EndsWith("</p>", html);
    }

    [RealSampleFact]
    public void Sample_italics_are_kept_as_emphasis()
    {
        Assert.Contains("<em>New York Times</em>", Sample.Value.ContentHtml);
        Assert.Contains("<em>Washington Post</em>", Sample.Value.ContentHtml);
    }

    [RealSampleFact]
    public void Sample_summary_is_the_first_paragraph_cut_at_a_word_with_an_ellipsis()
    {
        var summary = Sample.Value.Summary;
        Assert.InRange(summary.Length, 140, 281);
        Assert.EndsWith("…", summary);
        Assert.StartsWith("Within barely 48 hours of Ukrainian President Petro Poroshenko", summary);
        Assert.DoesNotContain("<", summary);
    }

    [RealSampleFact]
    public void Sample_content_has_no_script_and_no_heading()
    {
        Assert.DoesNotContain("<script", Sample.Value.ContentHtml, StringComparison.OrdinalIgnoreCase);
        // The title and byline are metadata, not body.
        Assert.DoesNotContain("<h1", Sample.Value.ContentHtml);
        Assert.DoesNotContain("Bill Van Auken", Sample.Value.ContentHtml);
    }

    [RealSampleFact]
    public void Sample_guid_is_a_tag_uri_from_the_site_host_date_and_id()
    {
        Assert.Equal("tag:127.0.0.1,2014-06-20:articles/000_01adffd9e7f90a7b", Sample.Value.Guid);
    }
}
