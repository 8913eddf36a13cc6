using System.Text.RegularExpressions;

namespace FeedPublisher.Articles;

/// <summary>Reads author names from byline lines: "By Jane Doe", "Jane Doe and John Roe", "A, B and C".</summary>
public static partial class BylineReader
{
    private const int MaxLineLength = 120;
    private const int MaxWords = 16;

    /// <summary>True when the line reads like a byline rather than the first sentence of the body.</summary>
    public static bool LooksLikeByline(string line)
    {
        var text = StripDecoration(line);
        if (text.Length == 0 || text.Length > MaxLineLength)
            return false;
        if (text[0] is '#' or '>' or '-' or '+' or '|' or '`' or '!' or '[' || char.IsAsciiDigit(text[0]))
            return false;
        if (".!?:;\"”’)".Contains(text[^1]))
            return false;
        var words = ByPrefix().Replace(text, "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Names are capitalized; a lower-case word that is no name particle means a sentence.
        return words.Length <= MaxWords
            && words.All(word => !char.IsLower(word[0]) || NameParticles.Contains(word.TrimEnd(',')));
    }

    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "and", "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn", "al", "y", "e", "&",
    };

    public static IReadOnlyList<string> ReadAuthors(string line)
    {
        var text = ByPrefix().Replace(StripDecoration(line), "");
        return AuthorSeparator().Split(text)
            .Select(name => name.Trim())
            .Where(name => name.Length > 0)
            .ToArray();
    }

    /// <summary>Drops Markdown hard-break markers and emphasis around the whole line ("*By Jane Doe*").</summary>
    private static string StripDecoration(string line)
    {
        var text = line.Trim().TrimEnd('\\').Trim();
        return text.Trim('*', '_').Trim();
    }

    [GeneratedRegex(@"^by\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ByPrefix();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorSeparator();
}
