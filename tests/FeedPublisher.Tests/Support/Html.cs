using System.Text.RegularExpressions;

namespace FeedPublisher.Tests.Support;

/// <summary>What the parser's HTML is made of, for tests that count and compare paragraphs.</summary>
public static class Html
{
    public static List<string> Paragraphs(string html) =>
        Regex.Matches(html, "<p>(.*?)</p>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
}
