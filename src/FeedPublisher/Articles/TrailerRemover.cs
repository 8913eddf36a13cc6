using System.Text.RegularExpressions;

namespace FeedPublisher.Articles;

/// <summary>
/// Removes boilerplate (contact lines, newsletter blurbs) from the end of a body, as configured. A trailer starts at
/// the beginning of a line and runs to the end of the body; one in the middle of an article is left alone.
/// </summary>
public sealed class TrailerRemover
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Boilerplate is a few lines at the end; looking only at the tail keeps a long article from costing more.</summary>
    public const int TailLength = 4096;
    private readonly Regex[] _trailers;

    public TrailerRemover(IEnumerable<string> patterns)
    {
        // \G anchors each try at a line start: a handful of cheap tries per body instead of one at every character,
        // so the interpreter is fast enough and no regex is compiled to IL at start-up.
        _trailers = patterns
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => new Regex($"\\G(?:{p})\\s*\\z", RegexOptions.CultureInvariant, MatchTimeout))
            .ToArray();
    }

    public string Remove(string body)
    {
        var text = body.TrimEnd();
        bool removedOne;
        do
        {
            removedOne = false;
            foreach (var trailer in _trailers)
            {
                if (FindAtLineStart(trailer, text) is { } start)
                {
                    text = text[..start].TrimEnd();
                    removedOne = true;
                }
            }
        } while (removedOne && text.Length > 0);
        return text;
    }

    /// <summary>The earliest line start in the tail where the trailer matches through to the end, if any.</summary>
    private static int? FindAtLineStart(Regex trailer, string text)
    {
        var tailStart = Math.Max(0, text.Length - TailLength);
        var lineStart = tailStart == 0 || text[tailStart - 1] == '\n' ? tailStart : text.IndexOf('\n', tailStart) + 1;
        if (lineStart == 0 && tailStart > 0)
            return null; // no line starts in the tail
        while (lineStart < text.Length)
        {
            if (trailer.Match(text, lineStart).Success)
                return lineStart;
            var next = text.IndexOf('\n', lineStart);
            if (next < 0)
                return null;
            lineStart = next + 1;
        }
        return null;
    }
}
