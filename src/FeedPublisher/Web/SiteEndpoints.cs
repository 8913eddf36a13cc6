using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Web;

/// <summary>The index, article pages and the health check. Feeds are answered earlier, by <see cref="FeedEndpointMiddleware"/>.</summary>
public static class SiteEndpoints
{
    private const string HtmlContentType = "text/html; charset=utf-8";
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/", GetAndHead, async (IArticleStore store, HtmlPages pages, IOptions<FeedsOptions> feeds, CancellationToken ct) =>
            Results.Content(pages.Index(await store.GetNewestPublishedAsync(feeds.Value.ItemCount, ct)), HtmlContentType));

        endpoints.MapMethods("/articles/{slug}", GetAndHead, async (string slug, IArticleStore store, HtmlPages pages, CancellationToken ct) =>
            slug.Length > 200 || await store.FindPublishedBySlugAsync(slug, ct) is not { } article
                ? Results.NotFound()
                : Results.Content(pages.Article(article), HtmlContentType));

        endpoints.MapMethods("/healthz", GetAndHead, async (IArticleStore store, FeedRegenerator regenerator, InboxStatus inbox, CancellationToken ct) =>
        {
            var databaseReachable = await store.PingAsync(ct);
            var healthy = databaseReachable && regenerator.LastError is null;
            var body = new
            {
                status = healthy ? "healthy" : databaseReachable ? "degraded" : "unhealthy",
                database = new { reachable = databaseReachable },
                feeds = new { lastRegeneration = regenerator.LastRegeneratedAt, lastError = regenerator.LastError },
                inbox = new { backlog = inbox.Backlog, watching = inbox.Watching, lastError = inbox.LastError },
            };
            return Results.Json(body, statusCode: databaseReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
