namespace FeedPublisher.Articles;

/// <summary>The file cannot become an article. The message says what is wrong and how to fix it.</summary>
public sealed class ArticleParseException : Exception
{
    public ArticleParseException(string problem, int? line = null, Exception? inner = null)
        : base(line is { } n ? $"line {n}: {problem}" : problem, inner)
    {
        Problem = problem;
        Line = line;
    }

    public string Problem { get; }

    /// <summary>The 1-based line in the file where the problem is, when there is one.</summary>
    public int? Line { get; }
}
