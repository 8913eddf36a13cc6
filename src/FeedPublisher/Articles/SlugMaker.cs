using System.Globalization;
using System.Text;

namespace FeedPublisher.Articles;

/// <summary>Makes URL slugs: lower-case ASCII letters, digits and single hyphens; never a path.</summary>
public static class SlugMaker
{
    public const int MaxLength = 80;
    public const string Fallback = "article";

    public static string FromText(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(Math.Min(decomposed.Length, MaxLength * 2));
        foreach (var c in decomposed)
        {
            if (builder.Length >= MaxLength * 2)
                break;
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '’')
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
