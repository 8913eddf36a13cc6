using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

public sealed class FrontMatterTests
{
    private static readonly Lazy<Article> WithFrontMatter = new(() => Parsers.ParseFixture("front-matter.md"));

    [Fact]
    public void Front_matter_title_wins_over_the_heading()
    {
        Assert.Equal("Front matter headline wins", WithFrontMatter.Value.Title);
        Assert.DoesNotContain("A heading that only repeats the title", WithFrontMatter.Value.ContentHtml);
    }

    [Fact]
    public void Front_matter_authors_list_wins_over_the_byline()
    {
        Assert.Equal(["Jane Doe", "John Roe"], WithFrontMatter.Value.Authors);
        Assert.DoesNotContain("Someone Else", WithFrontMatter.Value.ContentHtml);
    }

    [Fact]
    public void Front_matter_dates_win_over_the_date_line()
    {
        Assert.Equal(new DateTimeOffset(2014, 6, 20, 7, 30, 0, TimeSpan.Zero), WithFrontMatter.Value.Published);
        Assert.Equal(new DateTimeOffset(2014, 6, 21, 0, 0, 0, TimeSpan.Zero), WithFrontMatter.Value.Updated);
    }

    [Fact]
    public void Front_matter_id_wins_over_the_file_stem()
    {
        Assert.Equal("fm-article-42", WithFrontMatter.Value.Id);
        Assert.Equal("tag:127.0.0.1,2014-06-20:articles/fm-article-42", WithFrontMatter.Value.Guid);
    }

    [Fact]
    public void Front_matter_slug_tags_summary_and_draft_are_read()
    {
        var article = WithFrontMatter.Value;
        Assert.Equal("chosen-slug", article.Slug);
        Assert.Equal(["labour", "world news"], article.Tags);
        Assert.Equal("A summary written by the editor.", article.Summary);
        Assert.True(article.IsDraft);
    }

    [Fact]
    public void Front_matter_body_keeps_its_text()
    {
        Assert.Contains("The body of the article starts here", WithFrontMatter.Value.ContentHtml);
    }

    [Fact]
    public void Slug_that_looks_like_a_path_is_never_a_path()
    {
        var article = Parsers.ParseFixture("path-slug.md");
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", article.Slug);
        Assert.Equal("etc-passwd", article.Slug);
    }

    [Fact]
    public void Yaml_aliases_in_front_matter_are_rejected_with_a_clear_message()
    {
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.ParseFixture("billion-laughs.md"));
        Assert.Contains("YAML alias", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Front_matter_without_a_closing_fence_is_rejected()
    {
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.ParseText("open.md", "---\ntitle: Open\n\nBody text.\n"));
        Assert.Contains("closing '---'", ex.Message);
    }
}
