using System.Collections.Concurrent;
using System.Globalization;

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
        double? br = null, gzip = null, any = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var semicolon = part.IndexOf(';');
            var coding = (semicolon < 0 ? part : part[..semicolon]).Trim().ToLowerInvariant();
            var quality = semicolon < 0 ? 1.0 : ReadQuality(part[(semicolon + 1)..]);
            switch (coding)
            {
                case "br": br = quality; break;
                case "gzip" or "x-gzip": gzip = quality; break;
                case "*": any = quality; break;
            }
        }
        var brQuality = br ?? any ?? 0;
        var gzipQuality = gzip ?? any ?? 0;
        if (brQuality <= 0 && gzipQuality <= 0)
            return ContentCoding.Identity;
        // Brotli is smaller; take it unless gzip is preferred outright.
        return brQuality >= gzipQuality ? ContentCoding.Brotli : ContentCoding.Gzip;
    }

    private static double ReadQuality(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries))
        {
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q))
                return Math.Clamp(q, 0, 1);
        }
        return 1.0;
    }
}
