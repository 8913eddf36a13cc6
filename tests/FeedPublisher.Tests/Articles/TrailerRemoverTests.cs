using FeedPublisher.Articles;

namespace FeedPublisher.Tests.Articles;

public sealed class TrailerRemoverTests
{
    private static readonly TrailerRemover Remover = new([
        @"(?is)\**\s*To contact the WSWS? and the\s+Socialist Equality Party visit:.*",
        @"(?i)Sign up for our newsletter\.?",
    ]);

    private const string Body = "First paragraph of the story.\n\nSecond paragraph, the last one.";

    [Fact]
    public void Trailer_at_the_end_is_removed_with_the_blank_lines_before_it()
    {
        var text = Body + "\n\n\n\nTo contact the WSWS and the  \nSocialist Equality Party visit:  \n**[wsws.org/contact](http://wsws.org/contact)**\n";
        Assert.Equal(Body, Remover.Remove(text));
    }

    [Fact]
    public void Stacked_trailers_are_all_removed()
    {
        var text = Body + "\n\nTo contact the WSW and the Socialist Equality Party visit: wsws.org/contact\n\nSign up for our newsletter.";
        Assert.Equal(Body, Remover.Remove(text));
    }

    [Fact]
    public void The_same_words_in_the_middle_of_the_article_stay()
    {
        var text = "Sign up for our newsletter.\n\n" + Body;
        Assert.Equal(text, Remover.Remove(text));
    }

    [Fact]
    public void A_trailer_must_start_a_line()
    {
        var text = Body + " Readers were told: Sign up for our newsletter.";
        Assert.Equal(text, Remover.Remove(text));
    }

    [Fact]
    public void A_trailer_in_the_tail_of_a_long_article_is_found()
    {
        var longBody = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i} of a long report."));
        Assert.Equal(longBody, Remover.Remove(longBody + "\n\nSign up for our newsletter."));
    }

    [Fact]
    public void Only_the_tail_is_searched()
    {
        // A "trailer" longer than the tail is not boilerplate; the body is left as it is.
        var text = Body + "\n\nTo contact the WSWS and the Socialist Equality Party visit: " + new string('x', TrailerRemover.TailLength);
        Assert.Equal(text, Remover.Remove(text));
    }

    [Fact]
    public void A_body_that_is_only_a_trailer_becomes_empty()
    {
        Assert.Equal("", Remover.Remove("Sign up for our newsletter."));
    }
}
