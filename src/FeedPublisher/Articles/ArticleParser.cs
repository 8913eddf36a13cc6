using FeedPublisher.Site;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Articles;

/// <summary>
/// Turns one inbox file into an <see cref="Article"/>: front matter or the export layout (title heading, byline, date
/// line), mid-sentence splits joined, trailer removed, Markdown rendered and sanitized.
/// </summary>
public sealed class ArticleParser
{
    public const int MaxTitleLength = 1000;
    public const int MaxIdLength = 200;
    public const int MaxAuthors = 20;
    public const int MaxNameLength = 200;
    public const int MaxTags = 50;
    public const int MaxImageUrlLength = 2000;

    private readonly Uri _baseUri;
    private readonly TimeZoneInfo _zone;
    private readonly TrailerRemover _trailers;
    private readonly ArticleHtmlRenderer _renderer;
    private readonly TimeProvider _time;

    public ArticleParser(IOptions<SiteOptions> site, IOptions<ArticlesOptions> articles, ArticleHtmlRenderer renderer, TimeProvider time)
    {
        // Computed once: SiteOptions derives these on every access.
        _baseUri = site.Value.BaseUri;
        _zone = site.Value.TimeZoneInfo;
        _trailers = new TrailerRemover(articles.Value.TrailerPatterns);
        _renderer = renderer;
        _time = time;
    }

    /// <exception cref="ArticleParseException">The file cannot be published; the message says why and where.</exception>
    public Article Parse(string fileName, ReadOnlySpan<byte> bytes)
    {
        var text = SourceTextDecoder.Decode(bytes);
        var (front, body, bodyFirstLine) = FrontMatterReader.Split(text);
        var layout = ExportLayout.Read(MarkdownBlocks.Split(body, bodyFirstLine), _zone, expectTitle: front.Title is null);

        var title = (front.Title ?? layout.Title) is { } rawTitle ? _renderer.ToPlainText(rawTitle.ReplaceLineEndings(" "), asHeading: true) : null;
        if (string.IsNullOrWhiteSpace(title))
            throw new ArticleParseException(
                "the article has no title. Put it on the first line as '# Your headline', or add 'title: Your headline' to YAML front matter.",
                bodyFirstLine);
        if (title.Length > MaxTitleLength)
            throw new ArticleParseException($"the title is {title.Length:N0} characters long; keep it under {MaxTitleLength:N0}.", layout.TitleLine);

        var blocks = ParagraphRepair.JoinSplitParagraphs(layout.BodyBlocks);
        var markdown = _trailers.Remove(MarkdownBlocks.Join(blocks));
        if (string.IsNullOrWhiteSpace(markdown))
            throw new ArticleParseException("the article has a title but no body text. Add the article's paragraphs after the byline and date.");

        var published = ParseDate(front.Date) ?? layout.Date;
        var id = ReadId(front.Id, fileName);
        var updated = ParseDate(front.Updated);
        var rendered = _renderer.Render(markdown, _baseUri);
        var summary = SummaryMaker.Cut(front.Summary is { } fmSummary ? _renderer.ToPlainText(fmSummary) : rendered.FirstParagraphText);
        // A first paragraph of only an image or a removed script has no text: summarise the whole body instead.
        if (summary.Length == 0)
            summary = SummaryMaker.Cut(_renderer.ToPlainText(markdown));

        return new Article(
            Id: id,
            Slug: SlugMaker.FromText(front.Slug ?? title),
            Guid: ArticleGuid.Mint(_baseUri, id, published ?? _time.GetUtcNow()),
            Title: title,
            Authors: CleanNames(front.Authors.Count > 0 ? front.Authors : layout.Authors, MaxAuthors, "authors"),
            Published: published,
            Updated: updated,
            Summary: summary,
            ContentHtml: rendered.Html,
            Tags: CleanNames(front.Tags, MaxTags, "tags"),
            IsDraft: front.Draft,
            SourceFileName: fileName)
        {
            ImageUrl = ReadImage(front.Image),
            ImageAlt = front.Image is not null && front.ImageAlt is { } alt ? _renderer.ToPlainText(alt) : null,
            Retracted = front.Retracted,
            RetractionReason = front.Retracted && front.RetractionReason is { } reason ? _renderer.ToPlainText(reason) : null,
        };
    }

    private DateTimeOffset? ParseDate(FrontMatterValue? value)
    {
        if (value is null)
            return null;
        try
        {
            if (ArticleDateParser.TryParse(value.Text, _zone, out var date))
                return date;
        }
        catch (ArticleParseException ex)
        {
            throw new ArticleParseException(ex.Problem, value.Line);
        }
        throw new ArticleParseException(
            $"'{Shorten(value.Text)}' is not a date. Write it as 2014-06-20, 20 June 2014 or 2014-06-20T09:30:00+02:00.", value.Line);
    }

    private string? ReadImage(FrontMatterValue? value)
    {
        if (value is null)
            return null;
        if (value.Text.Length > MaxImageUrlLength)
            throw new ArticleParseException($"the image URL is {value.Text.Length:N0} characters long; keep it under {MaxImageUrlLength:N0}.", value.Line);
        return UrlPolicy.Absolute(value.Text, _baseUri, isImage: true)
            ?? throw new ArticleParseException(
                $"'image: {Shorten(value.Text)}' is not an http or https URL. Give the image's address, absolute (https://…) or relative to the site.",
                value.Line);
    }

    private static string ReadId(string? frontMatterId, string fileName)
    {
        var id = (frontMatterId ?? Path.GetFileNameWithoutExtension(fileName)).Trim();
        if (id.Length == 0)
            throw new ArticleParseException("the article has no id: give the file a name or add 'id: some-stable-id' to the front matter.");
        if (id.Length > MaxIdLength)
            throw new ArticleParseException($"the id is {id.Length:N0} characters long; keep it under {MaxIdLength}.");
        return XmlText.RemoveIllegalCharacters(id);
    }

    private IReadOnlyList<string> CleanNames(IEnumerable<string> names, int max, string what)
    {
        var clean = names
            .Select(name => _renderer.ToPlainText(name))
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (clean.Length > max)
            throw new ArticleParseException($"the article lists {clean.Length} {what}; the limit is {max}.");
        var tooLong = clean.FirstOrDefault(name => name.Length > MaxNameLength);
        if (tooLong is not null)
            throw new ArticleParseException($"one of the {what} is {tooLong.Length:N0} characters long; the limit is {MaxNameLength}.");
        return clean;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
