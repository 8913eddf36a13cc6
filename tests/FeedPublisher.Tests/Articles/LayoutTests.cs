using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>The export layout without front matter: heading, byline, date line, body, trailer.</summary>
public sealed class LayoutTests
{
    [Fact]
    public void Byline_with_By_and_and_gives_two_authors()
    {
        var article = Parsers.ParseFixture("harbour-strike.md");
        Assert.Equal(["Jane Doe", "John Roe"], article.Authors);
    }

    [Fact]
    public void Byline_with_commas_and_a_final_and_gives_three_authors()
    {
        var article = Parsers.ParseFixture("three-authors.md");
        Assert.Equal(["Ann Lee", "Bob Roe", "Cy Poe"], article.Authors);
    }

    [Fact]
    public void Article_split_mid_sentence_by_a_blank_line_is_joined()
    {
        var paragraphs = Html.Paragraphs(Parsers.ParseFixture("harbour-strike.md").ContentHtml);
        Assert.Contains(paragraphs, p => p.Contains("would not return to the table until the cargo backlog"));
        Assert.Contains(paragraphs, p => p.Contains("strike continues into next week and whether"));
        Assert.Equal(5, paragraphs.Count);
    }

    [Fact]
    public void Paragraph_that_ends_a_sentence_is_not_joined_to_the_next()
    {
        var paragraphs = Html.Paragraphs(Parsers.ParseFixture("harbour-strike.md").ContentHtml);
        Assert.StartsWith("Dock workers at the northern harbour", paragraphs[0]);
        Assert.EndsWith("called inadequate.", paragraphs[0]);
        Assert.StartsWith("The stoppage began", paragraphs[1]);
    }

    [Fact]
    public void Shipped_trailer_pattern_removes_the_contact_block()
    {
        var article = Parsers.ParseFixture("harbour-strike.md");
        Assert.DoesNotContain("To contact", article.ContentHtml);
        Assert.DoesNotContain("Socialist Equality Party", article.ContentHtml);
        Assert.Contains("A final paragraph that ends the article properly.", article.ContentHtml);
    }

    [Fact]
    public void Italics_in_the_body_become_emphasis()
    {
        Assert.Contains("<em>Harbour Gazette</em>", Parsers.ParseFixture("harbour-strike.md").ContentHtml);
    }

    [Fact]
    public void Id_without_front_matter_is_the_file_stem()
    {
        Assert.Equal("harbour-strike", Parsers.ParseFixture("harbour-strike.md").Id);
    }

    [Fact]
    public void Slug_from_the_title_is_lower_case_ascii_with_hyphens()
    {
        var article = Parsers.ParseFixture("accented-title.md");
        Assert.Equal("Café & Crème: 2014!", article.Title);
        Assert.Equal("cafe-creme-2014", article.Slug);
    }

    [Fact]
    public void Summary_of_a_short_first_paragraph_is_that_paragraph_without_markup()
    {
        var article = Parsers.ParseFixture("three-authors.md");
        Assert.Equal("The three reporters filed this report together from the city hall press room.", article.Summary);
    }
}
