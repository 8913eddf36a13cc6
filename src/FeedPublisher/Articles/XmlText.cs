using System.Text;

namespace FeedPublisher.Articles;

/// <summary>Keeps text inside what XML 1.0 can carry, so no article can make a feed invalid.</summary>
public static class XmlText
{
    /// <summary>Removes C0/C1 controls (but tab and line feed), lone surrogates and U+FFFE/U+FFFF.</summary>
    public static string RemoveIllegalCharacters(string text)
    {
        var firstBad = IndexOfIllegal(text, 0);
        if (firstBad < 0)
            return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (!IsIllegal(c))
                builder.Append(c);
        }
        return builder.ToString();
    }

    private static int IndexOfIllegal(string text, int start)
    {
        var i = start;
        while (true)
        {
            // Printable ASCII is skipped by a vectorized search; every article's text and HTML passes through here.
            var found = text.AsSpan(i).IndexOfAnyExceptInRange(' ', '~');
            if (found < 0)
                return -1;
            i += found;
            var c = text[i];
            if (c is '\t' or '\n' or '\r' || (c >= '\u00A0' && c < '\uD800') || (c > '\uDFFF' && c < '\uFFFE'))
            {
                i++;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
                continue;
            }
            return i;
        }
    }

    private static bool IsIllegal(char c) =>
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || (c >= 0x7F && c <= 0x9F)
        || char.IsSurrogate(c)
        || c == '\uFFFE' || c == '\uFFFF';
}
