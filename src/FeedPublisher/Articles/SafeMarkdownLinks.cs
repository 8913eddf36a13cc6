using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FeedPublisher.Articles;

/// <summary>
/// For Markdown without raw HTML, Markdig's own output is safe except for the URLs an author writes: this makes every
/// link and image URL absolute under the site, and turns a link or image whose scheme <see cref="UrlPolicy"/> does not
/// allow (javascript:, data:, vbscript:…) into its plain text.
/// </summary>
public static class SafeMarkdownLinks
{
    public static void Apply(MarkdownDocument document, Uri baseUri)
    {
        foreach (var link in document.Descendants<LinkInline>().ToArray())
        {
            if (UrlPolicy.Absolute(link.GetDynamicUrl?.Invoke() ?? link.Url, baseUri, link.IsImage) is { } safe)
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
