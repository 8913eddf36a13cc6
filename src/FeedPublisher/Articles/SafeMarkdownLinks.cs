using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FeedPublisher.Articles;

/// <summary>
/// For Markdown without raw HTML, Markdig's own output is safe except for the URLs an author writes: this makes every
/// link and image URL absolute under the site, and turns a link or image with any other scheme (javascript:, data:,
/// vbscript:…) into its plain text, as the sanitizer would.
/// </summary>
public static class SafeMarkdownLinks
{
    private static readonly string[] LinkSchemes = [Uri.UriSchemeHttp, Uri.UriSchemeHttps, Uri.UriSchemeMailto];
    private static readonly string[] ImageSchemes = [Uri.UriSchemeHttp, Uri.UriSchemeHttps];

    public static void Apply(MarkdownDocument document, Uri baseUri)
    {
        foreach (var link in document.Descendants<LinkInline>().ToArray())
        {
            if (SafeUrl(link.GetDynamicUrl?.Invoke() ?? link.Url, baseUri, link.IsImage ? ImageSchemes : LinkSchemes) is { } safe)
            {
                link.Url = safe;
                link.GetDynamicUrl = null;
            }
            else
            {
                link.ReplaceBy(new LiteralInline(PlainText(link)));
            }
        }
    }

    /// <summary>The URL made absolute under <paramref name="baseUri"/>, or null when its scheme is not allowed.</summary>
    public static string? SafeUrl(string? url, Uri baseUri, IReadOnlyCollection<string> allowedSchemes)
    {
        // Browsers ignore tabs, line breaks and leading spaces in URLs ("java\tscript:"); judge what they would see.
        url ??= "";
        var cleaned = url.AsSpan().IndexOfAnyInRange('\0', ' ') < 0 ? url : new string(url.Where(c => c > ' ').ToArray());
        if (cleaned.Length == 0)
            return null;
        if (!Uri.TryCreate(baseUri, cleaned, out var absolute))
            return null;
        return allowedSchemes.Contains(absolute.Scheme) ? absolute.AbsoluteUri : null;
    }

    private static string PlainText(ContainerInline container)
    {
        var text = new System.Text.StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }
        return text.ToString();
    }
}
