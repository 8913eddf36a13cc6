namespace FeedPublisher.Articles;

/// <summary>
/// An article's authors as one line of text, the one way pages and feeds print them (RSS has room for a single
/// dc:creator, so the whole byline goes there).
/// </summary>
public static class Byline
{
    /// <summary>"A", "A and B", "A, B and C"; empty for no authors.</summary>
    public static string Format(IReadOnlyList<string> authors) =>
        authors.Count <= 1 ? string.Concat(authors) : string.Join(", ", authors.Take(authors.Count - 1)) + " and " + authors[^1];
}
