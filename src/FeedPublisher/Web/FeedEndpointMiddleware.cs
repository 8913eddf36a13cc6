using FeedPublisher.Feeds;
using FeedPublisher.Site;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// Answers every feed first thing in the pipeline (the site's under /feeds/, a tag's or author's under /tags/ and
/// /authors/): prepared bytes or stored files, an ETag compare, no routing and no per-request compression. Only the
/// exact paths of generated feeds exist, so no path can reach any other file.
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
        if (path is null)
            return _next(context);
        var response = context.Response;
        if (!_feeds.TryGet(path, out var feed))
        {
            // Under /feeds/ only generated feeds exist, and the list of them; elsewhere (/tags/x, /authors/x) the pages
            // may answer.
            if (!path.StartsWith(SiteUrls.FeedsPrefix, StringComparison.Ordinal) || path == SiteUrls.FeedListPath)
                return _next(context);
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
        var coding = ContentNegotiation.Choose(requestHeaders.AcceptEncoding);
        var representation = feed.For(coding);
        if (ConditionalRequest.IsNotModified(requestHeaders.IfNoneMatch, requestHeaders.IfModifiedSince, representation.ETag, representation.Tag, feed.LastModified))
        {
            WriteHeaders(response, feed, representation);
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        if (representation.Body is { } body)
        {
            WriteBodyHeaders(response, feed, representation);
            return isHead ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
        }
        return SendFileAsync(context, path, coding, representation, feed, isHead);
    }

    /// <summary>
    /// A body stored on disk: its file is opened before any header goes out. A newer generation may have taken it away
    /// in between (the lookup and the open); then the newer entry, found again, is what is sent.
    /// </summary>
    private async Task SendFileAsync(HttpContext context, string path, ContentCoding coding, FeedRepresentation representation, PreparedFeed feed, bool isHead)
    {
        var response = context.Response;
        FileStream? file = null;
        for (var attempt = 0; file is null; attempt++)
        {
            try
            {
                // A compressed body is made the first time a reader asks for it; if it cannot be (a full disk), the
                // identity body is sent instead.
                if (representation.ContentEncoding is not null && !await TryCompressAsync(representation.FilePath!, context.RequestAborted))
                {
                    coding = ContentCoding.Identity;
                    representation = feed.For(coding);
                }
                file = new FileStream(representation.FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            }
            catch (FileNotFoundException) when (attempt < 2)
            {
                // A newer generation took the body away between the lookup and the open: send the newer entry, or
                // nothing when the feed itself is gone.
                if (!_feeds.TryGet(path, out var newer))
                {
                    response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                feed = newer;
                representation = newer.For(coding);
            }
        }
        await using (file)
        {
            WriteBodyHeaders(response, feed, representation);
            response.ContentLength = file.Length;
            if (!isHead)
                await file.CopyToAsync(response.Body, context.RequestAborted);
        }
    }

    private static async Task<bool> TryCompressAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ServedBodyStore.EnsureCompressedAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void WriteHeaders(HttpResponse response, PreparedFeed feed, FeedRepresentation representation)
    {
        var headers = response.Headers;
        headers.ETag = representation.ETag;
        headers.LastModified = feed.LastModifiedHeader;
        headers.CacheControl = feed.File.CacheControl is { Length: > 0 } cacheControl ? cacheControl : _cacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
    }

    private void WriteBodyHeaders(HttpResponse response, PreparedFeed feed, FeedRepresentation representation)
    {
        WriteHeaders(response, feed, representation);
        response.Headers.ContentType = feed.File.ContentType;
        if (representation.ContentEncoding is { } encoding)
            response.Headers.ContentEncoding = encoding;
        response.ContentLength = representation.Length;
    }
}
