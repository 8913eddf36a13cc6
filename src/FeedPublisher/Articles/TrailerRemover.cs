using System.Text.RegularExpressions;

namespace FeedPublisher.Articles;

/// <summary>Removes boilerplate (contact lines, newsletter blurbs) from the end of a body, as configured.</summary>
public sealed class TrailerRemover
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Boilerplate is a few lines at the end; looking only at the tail keeps a long article from costing more.</summary>
    public const int TailLength = 4096;
    private readonly Regex[] _trailers;

    public TrailerRemover(IEnumerable<string> patterns)
    {
        // Each pattern must reach the end of the body: boilerplate in the middle of an article is left alone.
        _trailers = patterns
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => new Regex($"(?:{p})\\s*\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout))
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
                var tailStart = Math.Max(0, text.Length - TailLength);
                var match = trailer.Match(text, tailStart);
                if (match.Success)
                {
                    text = text[..match.Index].TrimEnd();
                    removedOne = true;
                }
            }
        } while (removedOne && text.Length > 0);
        return text;
    }
}
