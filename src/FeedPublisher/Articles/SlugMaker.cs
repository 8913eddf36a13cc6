using System.Text;
using AnyAscii;

namespace FeedPublisher.Articles;

/// <summary>Makes URL slugs: lower-case ASCII letters, digits and single hyphens; never a path.</summary>
public static class SlugMaker
{
    public const int MaxLength = 80;
    public const string Fallback = "article";

    public static string FromText(string text)
    {
        // AnyAscii transliterates every script ("Crème" → "Creme", "Москва" → "Moskva", "東京" → "DongJing") from its
        // own tables, so slugs need no ICU data and titles in any language get a readable slug.
        var ascii = text.Transliterate();
        var builder = new StringBuilder(Math.Min(ascii.Length, MaxLength * 2));
        foreach (var c in ascii)
        {
            if (builder.Length >= MaxLength * 2)
                break;
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
            else if (c is '\'')
                continue;
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxLength)
        {
            var cut = slug.LastIndexOf('-', MaxLength);
            slug = slug[..(cut > MaxLength / 2 ? cut : MaxLength)].Trim('-');
        }
        return slug.Length == 0 ? Fallback : slug;
    }
}
