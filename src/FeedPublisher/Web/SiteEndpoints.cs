using System.IO.Hashing;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// The index, article pages and the health checks. Feeds are answered earlier, by <see cref="FeedEndpointMiddleware"/>.
/// Plain request delegates, not minimal-API lambdas: those are compiled from expression trees at start-up, which costs
/// time and several megabytes of memory for three small handlers.
/// </summary>
public static class SiteEndpoints
{
    private const string HtmlContentType = "text/html; charset=utf-8";
    private const int IndexTagCount = 50;
    private const int MaxPage = 100_000;
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(SiteUrls.IndexPath, GetAndHead, IndexAsync);
        endpoints.MapMethods(SiteUrls.ArticleRoute, GetAndHead, ArticleAsync);
        endpoints.MapMethods(SiteUrls.FeedListPath, GetAndHead, FeedListAsync);
        endpoints.MapMethods(SiteUrls.TagRoute, GetAndHead, context => ListingAsync(context, ArticleScopeKind.Tag));
        endpoints.MapMethods(SiteUrls.AuthorRoute, GetAndHead, context => ListingAsync(context, ArticleScopeKind.Author));
        // One health check per stage (database, feeds, inbox), registered by each stage's AddXxx().
        endpoints.MapHealthChecks(SiteUrls.HealthPath, HealthResponse.Options).WithMetadata(new HttpMethodMetadata(GetAndHead));
    }

    private static async Task IndexAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var newest = await services.GetRequiredService<IArticleStore>()
            .GetNewestPublishedAsync(ArticleScope.Site, services.GetRequiredService<IOptions<FeedsOptions>>().Value.ItemCount, context.RequestAborted);
        var tags = services.GetRequiredService<ScopeCatalogue>().Tags
            .OrderByDescending(tag => tag.PublishedArticles).ThenBy(tag => tag.Name, StringComparer.Ordinal).Take(IndexTagCount).ToArray();
        await WriteHtmlAsync(context, services.GetRequiredService<HtmlPages>().Index(newest, tags));
    }

    /// <summary>
    /// /tags/{slug} and /authors/{slug}, paged with ?page=N: the tag or author from the catalogue in memory, then one
    /// indexed query for the page's articles (and one each for their authors and tags).
    /// </summary>
    private static async Task ListingAsync(HttpContext context, ArticleScopeKind kind)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<IArticleStore>();
        var slug = context.Request.RouteValues["slug"] as string ?? "";
        var catalogue = services.GetRequiredService<ScopeCatalogue>();
        // Right after a start, before the first regeneration has served the catalogue, the store answers instead.
        var scope = slug.Length > 200 ? null
            : catalogue.IsLoaded ? catalogue.Find(kind, slug) is { } found ? new ScopeName(found.Name, found.Slug) : null
            : await store.FindScopeAsync(kind, slug, context.RequestAborted);
        if (scope is null || ReadPage(context) is not { } page)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var pageSize = HtmlPages.ListPageSize;
        var scoped = kind == ArticleScopeKind.Tag ? ArticleScope.Tag(scope.Name) : ArticleScope.Author(scope.Name);
        // One more than a page, to know whether there is a next one.
        var articles = await store.GetNewestPublishedAsync(scoped, (page - 1) * pageSize, pageSize + 1, context.RequestAborted);
        if (articles.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var html = services.GetRequiredService<HtmlPages>().Listing(kind, scope, [.. articles.Take(pageSize)], page, articles.Count > pageSize);
        await WriteHtmlAsync(context, html);
    }

    /// <summary>/feeds/: from the catalogue in memory, no query at all.</summary>
    private static async Task FeedListAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (ReadPage(context) is not { } page)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var catalogue = services.GetRequiredService<ScopeCatalogue>();
        var scopes = catalogue.Tags.Select(t => (FeedScope.Tag(new(t.Name, t.Slug)), t.PublishedArticles))
            .Concat(catalogue.Authors.Select(a => (FeedScope.Author(new(a.Name, a.Slug)), a.PublishedArticles)))
            .ToArray();
        var pageSize = HtmlPages.FeedListPageSize;
        var shown = scopes.Skip((page - 1) * pageSize).Take(pageSize).ToArray();
        if (page > 1 && shown.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var html = services.GetRequiredService<HtmlPages>().FeedList(shown, page, scopes.Length > page * pageSize, catalogue.ArchivePages);
        await WriteHtmlAsync(context, html);
    }

    /// <summary>The ?page=N of a list, 1 when absent; null when it is not a page number.</summary>
    private static int? ReadPage(HttpContext context)
    {
        var value = context.Request.Query["page"];
        if (value.Count == 0)
            return 1;
        return value.Count == 1 && int.TryParse(value[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
            && page is >= 1 and <= MaxPage ? page : null;
    }

    private static async Task ArticleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var slug = context.Request.RouteValues["slug"] as string ?? "";
        // A draft or an article held until its date is not there for readers (404); a retracted article was, and says
        // that it is gone and why (410).
        if (slug.Length > 200 || await services.GetRequiredService<IArticleStore>().FindBySlugAsync(slug, context.RequestAborted) is not { IsDraft: false, ScheduledFor: null } article)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (article.Retraction is { } retraction)
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            await WriteHtmlAsync(context, services.GetRequiredService<HtmlPages>().Retracted(article, retraction));
            return;
        }
        await WriteHtmlAsync(context, services.GetRequiredService<HtmlPages>().Article(article));
    }

    /// <summary>The page with a strong ETag of its bytes; a request that already has them gets 304.</summary>
    private static async Task WriteHtmlAsync(HttpContext context, string html)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        var etag = $"\"{Convert.ToHexStringLower(XxHash128.Hash(bytes))}\"";
        var response = context.Response;
        response.Headers.ETag = etag;
        if (ConditionalRequest.IsNotModified(context.Request.Headers.IfNoneMatch, default, etag, new EntityTagHeaderValue(etag), default))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = HtmlContentType;
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
