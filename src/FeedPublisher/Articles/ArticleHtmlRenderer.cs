using AngleSharp;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FeedPublisher.Articles;

/// <summary>A body rendered once: its safe HTML, and the text of its first paragraph for the summary.</summary>
public sealed record RenderedBody(string Html, string FirstParagraphText);

/// <summary>Markdown to safe HTML: Markdig renders, HtmlSanitizer removes script and resolves relative URLs.</summary>
public sealed class ArticleHtmlRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseFootnotes()
        .Build();

    /// <summary>The same Markdown, with raw HTML rendered as text: what the path without the sanitizer uses.</summary>
    private static readonly MarkdownPipeline NoHtmlPipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    /// <summary>Characters that could make text more than text in Markdown or HTML; without them it is plain already.</summary>
    private static readonly System.Buffers.SearchValues<char> MarkupCharacters = System.Buffers.SearchValues.Create("<>&*_[]`!\\#~|=");

    // Built on first use: most articles are Markdown without raw HTML and never need it, and the sanitizer and its
    // HTML parser cost a few megabytes of memory and start-up time that an idle service should not pay.
    private readonly Lazy<HtmlSanitizer> _sanitizer;

    // A parser can be reused but not shared between threads, and ingest parses on several threads.
    private readonly ThreadLocal<HtmlParser> _parsers = new(() => new HtmlParser());

    public ArticleHtmlRenderer()
    {
        _sanitizer = new Lazy<HtmlSanitizer>(CreateSanitizer, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private HtmlSanitizer Sanitizer => _sanitizer.Value;

    private HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer
        {
            // Styles are never allowed, so the parser need not understand CSS; that halves the sanitizer's work.
            HtmlParserFactory = () => _parsers.Value!,
        };
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(UrlPolicy.LinkSchemes);
        // The sanitizer has one list of schemes for every URL; images have a stricter one in the policy, which the
        // Markdig-only path applies too. Every URL of an img (its src, and a longdesc should one be written) counts as
        // the image's. The URL here is already absolute: the sanitizer resolved it against the base URL.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is { } url && !UrlPolicy.Allows(url, isImage: e.Tag.LocalName == "img"))
                e.SanitizedUrl = null;
        };
        sanitizer.AllowDataAttributes = false;
        // Classes, ids and inline styles belong to the site's page, not to a reader's.
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedAttributes.Remove("style");
        // Forms in a feed item are phishing, not journalism.
        foreach (var tag in new[] { "form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "style" })
            sanitizer.AllowedTags.Remove(tag);
        return sanitizer;
    }

    /// <summary>
    /// Renders Markdown (with any raw HTML in it) to sanitized HTML whose links are absolute under
    /// <paramref name="baseUri"/>, and reads the first paragraph's text from the same sanitized document.
    /// </summary>
    public RenderedBody Render(string markdown, Uri baseUri)
    {
        // Without '<' there is no raw HTML (and no <autolink>), and without "[^" no footnote anchors: Markdig's own
        // markup is safe once the URLs authors wrote are checked. That skips the sanitizer's parse for most articles.
        if (!markdown.Contains('<') && !markdown.Contains("[^", StringComparison.Ordinal))
            return RenderWithoutRawHtml(markdown, baseUri);
        using var document = Sanitizer.SanitizeDom(Markdown.ToHtml(markdown, Pipeline), baseUri.AbsoluteUri);
        var body = document.Body!;
        var html = body.ChildNodes.ToHtml(Sanitizer.OutputFormatter).Trim();
        var firstParagraph = body.Children.FirstOrDefault(e => e.LocalName == "p" && !string.IsNullOrWhiteSpace(e.TextContent));
        return new RenderedBody(XmlText.RemoveIllegalCharacters(html), FoldWhitespace(firstParagraph?.TextContent ?? ""));
    }

    private static RenderedBody RenderWithoutRawHtml(string markdown, Uri baseUri)
    {
        var document = Markdown.Parse(markdown, NoHtmlPipeline);
        SafeMarkdownLinks.Apply(document, baseUri);
        var html = document.ToHtml(NoHtmlPipeline).Trim();
        var firstParagraph = document.OfType<ParagraphBlock>().FirstOrDefault(HasText);
        var firstText = firstParagraph is null
            ? ""
            : Markdown.ToPlainText(markdown.Substring(firstParagraph.Span.Start, firstParagraph.Span.Length), NoHtmlPipeline);
        return new RenderedBody(XmlText.RemoveIllegalCharacters(html), FoldWhitespace(firstText));
    }

    /// <summary>A paragraph with words of its own, not only an image (whose alt text is no summary).</summary>
    private static bool HasText(ParagraphBlock paragraph) =>
        paragraph.Inline?.Descendants<LiteralInline>()
            .Any(literal => !literal.Content.IsEmptyOrWhitespace()
                && !(literal.Parent is LinkInline { IsImage: true })) == true;

    /// <summary>The visible text of Markdown, whitespace folded, for titles, names and summaries.</summary>
    /// <param name="asHeading">Read it as a heading, so text like "1. Budget" stays text and does not become a list.</param>
    public string ToPlainText(string markdown, bool asHeading = false)
    {
        if (markdown.AsSpan().IndexOfAny(MarkupCharacters) < 0)
            return FoldWhitespace(markdown);
        using var document = Sanitizer.SanitizeDom(Markdown.ToHtml(asHeading ? "# " + markdown : markdown, Pipeline));
        return FoldWhitespace(document.Body?.TextContent ?? "");
    }

    /// <summary>Runs of whitespace become one space; none at either end.</summary>
    private static string FoldWhitespace(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }
            if (pendingSpace)
                folded.Append(' ');
            pendingSpace = false;
            folded.Append(c);
        }
        return XmlText.RemoveIllegalCharacters(folded.ToString());
    }
}
