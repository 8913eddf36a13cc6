using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;

namespace FeedPublisher.Articles;

/// <summary>Markdown to safe HTML: Markdig renders, HtmlSanitizer removes script and resolves relative URLs.</summary>
public sealed class ArticleHtmlRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseFootnotes()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public ArticleHtmlRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        _sanitizer.AllowDataAttributes = false;
        // Classes, ids and inline styles belong to the site's page, not to a reader's.
        _sanitizer.AllowedAttributes.Remove("class");
        _sanitizer.AllowedAttributes.Remove("id");
        _sanitizer.AllowedAttributes.Remove("style");
        // Forms in a feed item are phishing, not journalism.
        foreach (var tag in new[] { "form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend" })
            _sanitizer.AllowedTags.Remove(tag);
    }

    /// <summary>Renders Markdown (with any raw HTML in it) to sanitized HTML whose links are absolute under <paramref name="baseUri"/>.</summary>
    public string ToSafeHtml(string markdown, Uri baseUri)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        return XmlText.RemoveIllegalCharacters(_sanitizer.Sanitize(html, baseUri.AbsoluteUri)).Trim();
    }

    /// <summary>The visible text of Markdown, whitespace folded, for titles and summaries.</summary>
    public string ToPlainText(string markdown)
    {
        var html = _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        using var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var text = document.Body?.TextContent ?? "";
        return XmlText.RemoveIllegalCharacters(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }
}
