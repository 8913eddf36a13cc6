using System.Text;
using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

/// <summary>Files that are not what an editor meant: no title, wrong encoding, binary, control characters.</summary>
public sealed class InputProblemTests
{
    [Fact]
    public void File_without_a_title_is_rejected_with_a_message_that_says_how_to_add_one()
    {
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.ParseFixture("no-title.md"));
        Assert.Contains("'# ", ex.Message);
        Assert.Contains("title:", ex.Message);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.Create().Parse("empty.md", []));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_the_line_it_is_on()
    {
        var text = TestFiles.FixtureText("encoding-base.md");
        var lines = text.Split('\n');
        var before = Encoding.UTF8.GetBytes(string.Join('\n', lines[..5]) + "\nCaf");
        // 0xE9 is "é" in Windows-1252 and invalid on its own in UTF-8.
        byte[] bytes = [.. before, 0xE9, .. Encoding.UTF8.GetBytes(" au lait\n" + string.Join('\n', lines[5..]))];
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.Create().Parse("latin1.md", bytes));
        Assert.Equal(6, ex.Line);
        Assert.Contains("line 6", ex.Message);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void File_with_nul_bytes_is_rejected_as_binary()
    {
        var bytes = Encoding.UTF8.GetBytes(TestFiles.FixtureText("encoding-base.md").Replace("second paragraph", "second\0paragraph"));
        var ex = Assert.Throws<ArticleParseException>(() => Parsers.Create().Parse("binary.md", bytes));
        Assert.Contains("NUL", ex.Message);
        Assert.Equal(8, ex.Line);
    }

    [Fact]
    public void Utf8_byte_order_mark_parses_like_plain_utf8()
    {
        var plain = TestFiles.FixtureBytes("encoding-base.md");
        AssertSameArticle(Parse(plain), Parse([0xEF, 0xBB, 0xBF, .. plain]));
    }

    [Fact]
    public void Utf16_little_endian_with_byte_order_mark_parses_like_utf8()
    {
        var text = TestFiles.FixtureText("encoding-base.md");
        AssertSameArticle(Parse(Encoding.UTF8.GetBytes(text)), Parse([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
    }

    [Fact]
    public void Crlf_line_ends_parse_like_lf()
    {
        var text = TestFiles.FixtureText("encoding-base.md");
        Assert.DoesNotContain("\r", text);
        var lf = Parse(Encoding.UTF8.GetBytes(text));
        AssertSameArticle(lf, Parse(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))));
        // The split paragraph is joined in both, which needs the blank line to be seen as blank.
        Assert.Contains("split mid-sentence by the scraper and continues here", lf.ContentHtml);
    }

    [Fact]
    public void Xml_illegal_control_characters_are_removed_from_title_and_body()
    {
        var text = TestFiles.FixtureText("encoding-base.md")
            .Replace("Line-ending and encoding check", "Line-ending\u0001 and encoding check")
            .Replace("first paragraph", "first\u000B paragraph");
        var article = Parsers.ParseText("controls.md", text);
        Assert.Equal("Line-ending and encoding check", article.Title);
        Assert.Contains("The first paragraph has", article.ContentHtml);
        Assert.DoesNotContain('\u0001', article.ContentHtml + article.Title + article.Summary);
        Assert.DoesNotContain('\u000B', article.ContentHtml + article.Title + article.Summary);
    }

    private static Article Parse(byte[] bytes) => Parsers.Create().Parse("encoding-base.md", bytes);

    private static void AssertSameArticle(Article expected, Article actual)
    {
        Assert.Equal("Line-ending and encoding check", expected.Title);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Authors, actual.Authors);
        Assert.Equal(expected.Published, actual.Published);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.ContentHtml, actual.ContentHtml);
    }
}
