using System.Collections.Concurrent;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// Picks a content coding from Accept-Encoding, honouring q-values (RFC 9110 §12.5.3). Pollers send the same few
/// header values forever, so answers are remembered.
/// </summary>
public static class ContentNegotiation
{
    private const int MaxRemembered = 512;
    private static readonly ConcurrentDictionary<string, ContentCoding> Remembered = new(StringComparer.Ordinal);

    public static ContentCoding Choose(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
            return ContentCoding.Identity;
        if (Remembered.TryGetValue(acceptEncoding, out var known))
            return known;
        var chosen = Parse(acceptEncoding);
        if (Remembered.Count < MaxRemembered)
            Remembered.TryAdd(acceptEncoding, chosen);
        return chosen;
    }

    private static ContentCoding Parse(string header)
    {
        if (!StringWithQualityHeaderValue.TryParseList([header], out var codings))
            return ContentCoding.Identity;
        double? br = null, gzip = null, any = null;
        foreach (var coding in codings)
        {
            var quality = coding.Quality ?? 1.0;
            if (coding.Value.Equals("br", StringComparison.OrdinalIgnoreCase))
                br = quality;
            else if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                gzip = quality;
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
                any = quality;
        }
        var brQuality = br ?? any ?? 0;
        var gzipQuality = gzip ?? any ?? 0;
        if (brQuality <= 0 && gzipQuality <= 0)
            return ContentCoding.Identity;
        // Brotli is smaller; take it unless gzip is preferred outright.
        return brQuality >= gzipQuality ? ContentCoding.Brotli : ContentCoding.Gzip;
    }
}
