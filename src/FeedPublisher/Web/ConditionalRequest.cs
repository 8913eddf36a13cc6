using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>Conditional GET (RFC 9110 §13): If-None-Match first; If-Modified-Since only when it is absent.</summary>
public static class ConditionalRequest
{
    public static bool IsNotModified(string? ifNoneMatch, string? ifModifiedSince, string etag, DateTimeOffset lastModified)
    {
        if (!string.IsNullOrEmpty(ifNoneMatch))
            return MatchesAny(ifNoneMatch, etag);
        return !string.IsNullOrEmpty(ifModifiedSince)
            && HeaderUtilities.TryParseDate(ifModifiedSince, out var since)
            && lastModified <= since;
    }

    /// <summary>Weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x".</summary>
    private static bool MatchesAny(string header, string etag)
    {
        var span = header.AsSpan();
        var wanted = etag.AsSpan();
        while (!span.IsEmpty)
        {
            var comma = span.IndexOf(',');
            var item = (comma < 0 ? span : span[..comma]).Trim();
            span = comma < 0 ? [] : span[(comma + 1)..];
            if (item.StartsWith("W/"))
                item = item[2..];
            if (item.SequenceEqual("*") || item.SequenceEqual(wanted))
                return true;
        }
        return false;
    }
}
