using FeedPublisher.Feeds;
using FeedPublisher.Site;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// Answers /feeds/{file} first thing in the pipeline, from memory: prepared bytes, an ETag compare, no routing and no
/// per-request compression. Only the exact names of generated feeds exist, so no path can escape the feeds folder.
/// </summary>
public sealed class FeedEndpointMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ServedFeeds _feeds;
    private readonly string _cacheControl;

    public FeedEndpointMiddleware(RequestDelegate next, ServedFeeds feeds, IOptions<FeedsOptions> options)
    {
        _next = next;
        _feeds = feeds;
        _cacheControl = $"public, max-age={options.Value.MaxAgeSeconds}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith(SiteUrls.FeedsPrefix, StringComparison.Ordinal))
            return _next(context);

        var response = context.Response;
        if (!_feeds.TryGet(path[SiteUrls.FeedsPrefix.Length..], out var feed))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        var method = context.Request.Method;
        var isHead = HttpMethods.IsHead(method);
        if (!isHead && !HttpMethods.IsGet(method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        var requestHeaders = context.Request.Headers;
        var representation = feed.For(ContentNegotiation.Choose(requestHeaders.AcceptEncoding));
        var headers = response.Headers;
        headers.ETag = representation.ETag;
        headers.LastModified = feed.LastModifiedHeader;
        headers.CacheControl = _cacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;

        if (ConditionalRequest.IsNotModified(requestHeaders.IfNoneMatch, requestHeaders.IfModifiedSince, representation.ETag, representation.Tag, feed.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        headers.ContentType = feed.File.ContentType;
        if (representation.ContentEncoding is { } encoding)
            headers.ContentEncoding = encoding;
        response.ContentLength = representation.Body.Length;
        return isHead ? Task.CompletedTask : response.Body.WriteAsync(representation.Body, 0, representation.Body.Length, context.RequestAborted);
    }
}
