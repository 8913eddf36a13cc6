using FeedPublisher.Articles;

namespace FeedPublisher.Tests.Articles;

public sealed class SlugMakerTests
{
    [Theory]
    [InlineData("Café & Crème: 2014!", "cafe-creme-2014")]
    [InlineData("Workers’ strike at the port’s gate", "workers-strike-at-the-ports-gate")]
    [InlineData("Straße in Köln", "strasse-in-koln")]
    [InlineData("Забастовка в Москве", "zabastovka-v-moskve")]
    [InlineData("Ελλάδα", "ellada")]
    [InlineData("東京", "dongjing")]
    [InlineData("  --Hello,   world--  ", "hello-world")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("!!!", SlugMaker.Fallback)]
    [InlineData("", SlugMaker.Fallback)]
    public void Any_title_becomes_lower_case_ascii_words_joined_by_hyphens(string title, string slug) =>
        Assert.Equal(slug, SlugMaker.FromText(title));

    [Fact]
    public void Long_titles_are_cut_at_a_word_boundary()
    {
        var slug = SlugMaker.FromText(string.Join(' ', Enumerable.Repeat("longword", 30)));
        Assert.True(slug.Length <= SlugMaker.MaxLength, slug);
        Assert.EndsWith("longword", slug);
        Assert.DoesNotContain("--", slug);
    }
}
