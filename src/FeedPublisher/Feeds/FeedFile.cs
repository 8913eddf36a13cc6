namespace FeedPublisher.Feeds;

/// <summary>One generated feed: where it is served, its media type and validators, and its bodies.</summary>
/// <param name="UrlPath">The path it is served at, such as <c>/feeds/rss.xml</c> or <c>/tags/transport/atom.xml</c>.</param>
/// <param name="Tag">The identity body's hash (<see cref="FeedBodies.TagOf"/>): equal tags, equal bytes.</param>
/// <param name="Bytes">The identity body, for a feed served from memory; null for one served from disk.</param>
/// <param name="LastModified">The newest article's time, so unchanged content keeps its Last-Modified.</param>
public sealed record FeedFile(string UrlPath, string ContentType, string Tag, byte[]? Bytes, DateTimeOffset LastModified)
{
    /// <summary>The bodies on disk, for a feed served from there (every feed but the site's).</summary>
    public StoredBodies? Stored { get; init; }

    /// <summary>The Cache-Control header to send; a complete archive page may be cached for good.</summary>
    public string CacheControl { get; init; } = "";

    /// <summary>What a complete archive page, but the newest, is sent with.</summary>
    public const string CachedForGood = "public, max-age=31536000, immutable";
}

/// <summary>
/// A feed's three bodies in the served-bodies folder, named by their tag, so a file's bytes never change under a
/// request: a new version of the feed is new files.
/// </summary>
public sealed record StoredBodies(string IdentityPath, long IdentityLength, string GzipPath, long GzipLength, string BrotliPath, long BrotliLength);

/// <summary>Receives every generation's feeds; the web layer's served set.</summary>
public interface IFeedSink
{
    /// <summary>
    /// Swaps in these feeds and takes away the ones at <paramref name="removed"/>, all at once; with
    /// <paramref name="replaceAll"/>, these feeds become the whole set.
    /// </summary>
    void Publish(IReadOnlyList<FeedFile> feeds, IReadOnlyCollection<string> removed, bool replaceAll);
}
