using Microsoft.Extensions.Options;

namespace FeedPublisher.Site;

/// <summary>
/// The site's URL layout, in one place: where feeds and article pages live, as paths for routing and as absolute URLs
/// under <see cref="SiteOptions.BaseUrl"/> for feeds and links.
/// </summary>
public sealed class SiteUrls(IOptions<SiteOptions> site)
{
    public const string FeedsPrefix = "/feeds/";

    /// <summary>The page for people that lists every feed.</summary>
    public const string FeedListPath = FeedsPrefix;
    public const string ArticlesPrefix = "/articles/";
    public const string ArticleRoute = ArticlesPrefix + "{slug}";
    public const string TagsPrefix = "/tags/";
    public const string AuthorsPrefix = "/authors/";
    public const string TagRoute = TagsPrefix + "{slug}";
    public const string AuthorRoute = AuthorsPrefix + "{slug}";
    public const string IndexPath = "/";
    public const string HealthPath = "/healthz";

    private readonly Uri _baseUri = site.Value.BaseUri;

    public static string ArticlePath(string slug) => ArticlesPrefix + Uri.EscapeDataString(slug);

    public static string FeedPath(string fileName) => FeedsPrefix + fileName;

    public static string TagPath(string slug) => TagsPrefix + Uri.EscapeDataString(slug);

    public static string AuthorPath(string slug) => AuthorsPrefix + Uri.EscapeDataString(slug);

    /// <summary>Page <paramref name="page"/> of a paged list; the first page is the path itself.</summary>
    public static string Paged(string path, int page) => page <= 1 ? path : $"{path}?page={page}";

    public Uri BaseUri => _baseUri;

    public Uri ArticleUri(string slug) => Absolute(ArticlePath(slug));

    public Uri FeedUri(string fileName) => Absolute(FeedPath(fileName));

    /// <summary>A site path under the base URL, which may itself have a path (https://example.org/news/).</summary>
    public Uri Absolute(string path) => new(_baseUri, path.TrimStart('/'));
}
