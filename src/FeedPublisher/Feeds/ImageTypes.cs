namespace FeedPublisher.Feeds;

/// <summary>An image's media type, told from its URL's extension; null when the URL does not say.</summary>
internal static class ImageTypes
{
    public static string? Of(Uri image) => Path.GetExtension(image.AbsolutePath).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".avif" => "image/avif",
        ".svg" => "image/svg+xml",
        _ => null,
    };
}
