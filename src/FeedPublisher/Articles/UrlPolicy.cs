namespace FeedPublisher.Articles;

/// <summary>
/// Which URLs an article may carry, whichever way its Markdown is rendered (Markdig alone, or Markdig and the HTML
/// sanitizer when there is raw HTML): links may go to http, https and mailto; images load from http and https only,
/// since a reader fetches an image without the reader clicking anything.
/// </summary>
public static class UrlPolicy
{
    public static readonly IReadOnlySet<string> LinkSchemes =
        new HashSet<string>([Uri.UriSchemeHttp, Uri.UriSchemeHttps, Uri.UriSchemeMailto], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> ImageSchemes =
        new HashSet<string>([Uri.UriSchemeHttp, Uri.UriSchemeHttps], StringComparer.OrdinalIgnoreCase);

    private static IReadOnlySet<string> SchemesFor(bool isImage) => isImage ? ImageSchemes : LinkSchemes;

    /// <summary>The URL made absolute under <paramref name="baseUri"/>, or null when its scheme is not allowed.</summary>
    public static string? Absolute(string? url, Uri baseUri, bool isImage)
    {
        // Browsers ignore tabs, line breaks and leading spaces in URLs ("java\tscript:"); judge what they would see.
        url ??= "";
        var cleaned = url.AsSpan().IndexOfAnyInRange('\0', ' ') < 0 ? url : new string(url.Where(c => c > ' ').ToArray());
        if (cleaned.Length == 0)
            return null;
        if (!Uri.TryCreate(baseUri, cleaned, out var absolute))
            return null;
        return Allows(absolute, isImage) ? absolute.AbsoluteUri : null;
    }

    /// <summary>True when <paramref name="url"/> is already absolute and its scheme is allowed (the sanitizer's check).</summary>
    public static bool Allows(string? url, bool isImage) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && Allows(absolute, isImage);

    private static bool Allows(Uri absolute, bool isImage) => SchemesFor(isImage).Contains(absolute.Scheme);
}
