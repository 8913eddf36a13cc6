using System.Globalization;
using FeedPublisher.Feeds;
using FeedPublisher.Metrics;
using FeedPublisher.Polling;
using FeedPublisher.Site;
using FeedPublisher.Status;
using FeedPublisher.WebSub;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// Answers every feed first thing in the pipeline (the site's under /feeds/, a tag's or author's under /tags/ and
/// /authors/): prepared bytes or stored files, an ETag compare, no routing and no per-request compression. Only the
/// exact paths of generated feeds exist, so no path can reach any other file. Each answer is accounted for /status and
/// /metrics (<see cref="Pollers"/>), and a client that fetches the same unchanged feed in full too often is answered
/// 429 (<see cref="PollingOptions"/>); a 304 never counts against it.
/// </summary>
public sealed class FeedEndpointMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ServedFeeds _feeds;
    private readonly string _cacheControl;
    private readonly Pollers _pollers;
    private readonly FeedPublisherMetrics _metrics;
    private readonly HubLinks _hubLinks;
    private readonly bool _accounting;
    private readonly bool _limiting;
    private readonly long _windowTicks;
    private readonly int _maxFullFetches;
    private readonly string _limitAdvice;
    private readonly ILogger<FeedEndpointMiddleware> _logger;
    private int _warnedOfProxy;

    public FeedEndpointMiddleware(RequestDelegate next, ServedFeeds feeds, IOptions<FeedsOptions> options, Pollers pollers, FeedPublisherMetrics metrics,
        HubLinks hubLinks, IOptions<PollingOptions> polling, IOptions<StatusOptions> status, ILogger<FeedEndpointMiddleware> logger)
    {
        _logger = logger;
        _next = next;
        _feeds = feeds;
        _cacheControl = $"public, max-age={options.Value.MaxAgeSeconds}";
        _pollers = pollers;
        _metrics = metrics;
        _hubLinks = hubLinks;
        _accounting = status.Value.Enabled;
        _limiting = _accounting && polling.Value.Enabled;
        _windowTicks = polling.Value.Window.Ticks;
        _maxFullFetches = polling.Value.MaxFullFetchesPerWindow;
        _limitAdvice = $"This feed was sent to you in full {polling.Value.MaxFullFetchesPerWindow} times within {polling.Value.Window.TotalMinutes:0.#} minutes and has not changed since. "
            + $"Send If-None-Match with the ETag you were given (a 304 answer is never limited), and poll at most every {options.Value.PollInterval.TtlMinutes} minutes.";
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
            _metrics.FeedAnswered(FeedKind.Of(path), StatusCodes.Status404NotFound);
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
        var kind = feed.Kind;
        long now = 0;
        PollerRecord? poller = null;
        FeedTraffic? traffic = null;
        if (_accounting)
        {
            now = _pollers.Now;
            var ifNoneMatch = requestHeaders.IfNoneMatch;
            var ifModifiedSince = requestHeaders.IfModifiedSince;
            poller = _pollers.Polled(path, context.Connection.RemoteIpAddress, requestHeaders.UserAgent.ToString(),
                ifNoneMatch.Count == 0 ? null : ifNoneMatch.ToString(), ifModifiedSince.Count == 0 ? null : ifModifiedSince.ToString(), now);
            traffic = _pollers.TrafficOf(path);
        }
        if (ConditionalRequest.IsNotModified(requestHeaders.IfNoneMatch, requestHeaders.IfModifiedSince, representation.ETag, representation.Tag, feed.LastModified))
        {
            WriteHeaders(response, feed, representation);
            response.StatusCode = StatusCodes.Status304NotModified;
            poller?.AnsweredNotModified(representation.ETag, feed.LastModifiedHeader);
            traffic?.Count(now, notModified: true, limited: false, bytes: 0);
            _metrics.FeedAnswered(kind, StatusCodes.Status304NotModified);
            return Task.CompletedTask;
        }
        // Without an address (a Unix socket) every client would be one: not limited.
        if (_limiting && !isHead && context.Connection.RemoteIpAddress is not null
            && poller!.OverLimit(feed.File.Tag, now, _windowTicks, _maxFullFetches, out var retryAfter))
        {
            WarnOfUnlistedProxy(context);
            traffic!.Count(now, notModified: false, limited: true, bytes: 0);
            _metrics.FeedAnswered(kind, StatusCodes.Status429TooManyRequests);
            return TooManyAsync(context, retryAfter);
        }
        poller?.AnsweredInFull(isHead ? 0 : representation.Length, representation.ETag, feed.LastModifiedHeader);
        traffic?.Count(now, notModified: false, limited: false, bytes: isHead ? 0 : representation.Length);
        _metrics.FeedAnswered(kind, StatusCodes.Status200OK);
        if (representation.Body is { } body)
        {
            WriteBodyHeaders(response, feed, representation);
            return isHead ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
        }
        return SendFileAsync(context, path, coding, representation, feed, isHead);
    }

    /// <summary>
    /// A limited request that still carries X-Forwarded-For came through a proxy not in Polling:TrustedProxies: all
    /// its clients count as one there. Said once, since only the operator can fix it.
    /// </summary>
    private void WarnOfUnlistedProxy(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey("X-Forwarded-For") || Interlocked.Exchange(ref _warnedOfProxy, 1) == 1)
            return;
        _logger.LogWarning("A client of {Address} was limited (429) while its request carries X-Forwarded-For: if {Address} is your reverse proxy or CDN, list it in Polling:TrustedProxies, or every reader behind it counts as one client",
            context.Connection.RemoteIpAddress, context.Connection.RemoteIpAddress);
    }

    /// <summary>429 with when to come back; never stored by a cache, so the next poll reaches this limit again.</summary>
    private Task TooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        var response = context.Response;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync($"{_limitAdvice} Try again in {seconds} seconds.\n", context.RequestAborted);
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
        if (_hubLinks.HeaderFor(feed.File.UrlPath) is { } link)
            headers.Link = link;
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
