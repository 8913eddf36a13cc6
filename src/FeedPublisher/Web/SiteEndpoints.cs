using System.Text.Json;
using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Web;

/// <summary>
/// The index, article pages and the health check. Feeds are answered earlier, by <see cref="FeedEndpointMiddleware"/>.
/// Plain request delegates, not minimal-API lambdas: those are compiled from expression trees at start-up, which costs
/// time and several megabytes of memory for three small handlers.
/// </summary>
public static class SiteEndpoints
{
    private const string HtmlContentType = "text/html; charset=utf-8";
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/", GetAndHead, IndexAsync);
        endpoints.MapMethods("/articles/{slug}", GetAndHead, ArticleAsync);
        endpoints.MapMethods("/healthz", GetAndHead, HealthAsync);
    }

    private static async Task IndexAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var newest = await services.GetRequiredService<IArticleStore>()
            .GetNewestPublishedAsync(services.GetRequiredService<IOptions<FeedsOptions>>().Value.ItemCount, context.RequestAborted);
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

    private static async Task HealthAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var regenerator = services.GetRequiredService<FeedRegenerator>();
        var inbox = services.GetRequiredService<InboxStatus>();
        var databaseReachable = await services.GetRequiredService<IArticleStore>().PingAsync(context.RequestAborted);
        var healthy = databaseReachable && regenerator.LastError is null;

        var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", healthy ? "healthy" : databaseReachable ? "degraded" : "unhealthy");
            json.WriteStartObject("database");
            json.WriteBoolean("reachable", databaseReachable);
            json.WriteEndObject();
            json.WriteStartObject("feeds");
            if (regenerator.LastRegeneratedAt is { } last)
                json.WriteString("lastRegeneration", last);
            else
                json.WriteNull("lastRegeneration");
            json.WriteString("lastError", regenerator.LastError);
            json.WriteEndObject();
            json.WriteStartObject("inbox");
            json.WriteNumber("backlog", inbox.Backlog);
            json.WriteBoolean("watching", inbox.Watching);
            json.WriteString("lastError", inbox.LastError);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        context.Response.StatusCode = databaseReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted);
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
