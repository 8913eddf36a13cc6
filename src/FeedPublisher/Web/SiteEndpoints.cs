using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Web;

/// <summary>
/// The index, article pages and the health checks. Feeds are answered earlier, by <see cref="FeedEndpointMiddleware"/>.
/// Plain request delegates, not minimal-API lambdas: those are compiled from expression trees at start-up, which costs
/// time and several megabytes of memory for three small handlers.
/// </summary>
public static class SiteEndpoints
{
    private const string HtmlContentType = "text/html; charset=utf-8";
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(SiteUrls.IndexPath, GetAndHead, IndexAsync);
        endpoints.MapMethods(SiteUrls.ArticleRoute, GetAndHead, ArticleAsync);
        // One health check per stage (database, feeds, inbox), registered by each stage's AddXxx().
        endpoints.MapHealthChecks(SiteUrls.HealthPath, HealthResponse.Options).WithMetadata(new HttpMethodMetadata(GetAndHead));
    }

    private static async Task IndexAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var newest = await services.GetRequiredService<IArticleStore>()
            .GetNewestPublishedAsync(ArticleScope.Site, services.GetRequiredService<IOptions<FeedsOptions>>().Value.ItemCount, context.RequestAborted);
        await WriteHtmlAsync(context, services.GetRequiredService<HtmlPages>().Index(newest));
    }

    private static async Task ArticleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var slug = context.Request.RouteValues["slug"] as string ?? "";
        if (slug.Length > 200 || await services.GetRequiredService<IArticleStore>().FindPublishedBySlugAsync(slug, context.RequestAborted) is not { } article)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await WriteHtmlAsync(context, services.GetRequiredService<HtmlPages>().Article(article));
    }

    private static async Task WriteHtmlAsync(HttpContext context, string html)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        context.Response.ContentType = HtmlContentType;
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
