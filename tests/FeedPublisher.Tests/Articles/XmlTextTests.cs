using FeedPublisher.Articles;

namespace FeedPublisher.Tests.Articles;

public sealed class XmlTextTests
{
    [Theory]
    [InlineData("plain ASCII text", "plain ASCII text")]
    [InlineData("tab\tline\nreturn\r kept", "tab\tline\nreturn\r kept")]
    [InlineData("bell\u0007 escape\u001B gone", "bell escape gone")]
    [InlineData("C1 next-line\u0085 and delete\u007F gone", "C1 next-line and delete gone")]
    [InlineData("non-characters \uFFFE\uFFFF gone", "non-characters  gone")]
    [InlineData("accents ß é 東京 kept", "accents ß é 東京 kept")]
    [InlineData("a pair 😀 kept", "a pair 😀 kept")]
    public void Keeps_exactly_what_XML_1_0_allows(string input, string expected) =>
        Assert.Equal(expected, XmlText.RemoveIllegalCharacters(input));

    [Fact]
    public void Lone_surrogates_are_removed()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which turns a lone surrogate into U+FFFD.
        const char high = '\uD83D', low = '\uDE00';
        Assert.Equal("lone high  gone", XmlText.RemoveIllegalCharacters($"lone high {high} gone"));
        Assert.Equal("lone low  gone", XmlText.RemoveIllegalCharacters($"lone low {low} gone"));
        Assert.Equal("high at the end ", XmlText.RemoveIllegalCharacters($"high at the end {high}"));
        Assert.Equal("reversed  pair gone", XmlText.RemoveIllegalCharacters($"reversed {low}{high} pair gone"));
        Assert.Equal("pair 😀 then lone ", XmlText.RemoveIllegalCharacters($"pair 😀 then lone {low}"));
    }

    [Fact]
    public void Clean_text_is_returned_as_the_same_instance()
    {
        var text = new string('x', 10_000) + "😀" + new string('y', 10_000);
        Assert.Same(text, XmlText.RemoveIllegalCharacters(text));
    }

    [Fact]
    public void An_illegal_character_far_into_a_long_text_is_found()
    {
        var text = new string('a', 5_000) + "😀\n" + new string('b', 5_000) + "\u0000" + new string('c', 5_000);
        Assert.Equal(text.Replace("\u0000", ""), XmlText.RemoveIllegalCharacters(text));
    }
}
