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
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (IsIllegal(c))
                return i;
        }
        return -1;
    }

    private static bool IsIllegal(char c) =>
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || (c >= 0x7F && c <= 0x9F)
        || char.IsSurrogate(c)
        || c == '\uFFFE' || c == '\uFFFF';
}
