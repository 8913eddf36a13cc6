using FeedPublisher.Articles;

namespace FeedPublisher.Tests.Articles;

public sealed class BylineTests
{
    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "Ann Lee" }, "Ann Lee")]
    [InlineData(new[] { "Ann Lee", "Bob Roe" }, "Ann Lee and Bob Roe")]
    [InlineData(new[] { "Ann Lee", "Bob Roe", "Cy Poe" }, "Ann Lee, Bob Roe and Cy Poe")]
    [InlineData(new[] { "Ann Lee", "Bob Roe", "Cy Poe", "Di Ray" }, "Ann Lee, Bob Roe, Cy Poe and Di Ray")]
    public void Authors_are_joined_with_commas_and_a_final_and(string[] authors, string expected)
    {
        Assert.Equal(expected, Byline.Format(authors));
    }
}
