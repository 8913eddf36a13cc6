using System.Text.Json;
using FeedPublisher.Polling;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Status;

/// <summary>The publisher's view of its readers: /status (HTML), /status.json and /metrics (Prometheus text format).</summary>
public static class StatusEndpoints
{
    public const string StatusPath = "/status";
    public const string StatusJsonPath = "/status.json";
    public const string MetricsPath = "/metrics";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Served as JSON only, never inside HTML: User-Agents read as they are, "+" and all.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Refuses what <see cref="StatusAccess"/> does not allow, before any figure is gathered.</summary>
    public static IApplicationBuilder UseStatusAccess(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!StatusAccess.IsGuarded(context))
        {
            await next(context);
            return;
        }
        if (context.RequestServices.GetRequiredService<StatusAccess>().Refusal(context) is not { } refusal)
        {
            context.Response.Headers.CacheControl = "no-store";
            await next(context);
            return;
        }
        context.Response.StatusCode = refusal;
        context.Response.Headers.CacheControl = "no-store";
        if (refusal == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(refusal == StatusCodes.Status401Unauthorized
            ? "Send Authorization: Bearer with the token set in Status:Token.\n"
            : "This page answers only on the machine that runs FeedPublisher. Set Status:Token to reach it from elsewhere with that token.\n");
    });

    public static void MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(StatusPath, GetAndHead, StatusHtmlAsync).WithMetadata(StatusAccess.Guarded.Instance);
        endpoints.MapMethods(StatusJsonPath, GetAndHead, StatusJsonAsync).WithMetadata(StatusAccess.Guarded.Instance);
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(StatusAccess.Guarded.Instance);
    }

    private static StatusReport Report(HttpContext context)
    {
        var services = context.RequestServices;
        return StatusReport.Build(services.GetRequiredService<Pollers>(),
            services.GetRequiredService<IOptions<Feeds.FeedsOptions>>().Value.MaxAgeSeconds,
            services.GetRequiredService<IOptions<PollingOptions>>().Value.MaxTrackedPollers);
    }

    private static async Task StatusHtmlAsync(HttpContext context)
    {
        var html = context.RequestServices.GetRequiredService<StatusPage>().Render(Report(context));
        context.Response.ContentType = "text/html; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static async Task StatusJsonAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
            await JsonSerializer.SerializeAsync(context.Response.Body, Report(context), Json, context.RequestAborted);
    }
}
