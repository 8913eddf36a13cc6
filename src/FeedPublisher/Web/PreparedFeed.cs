using FeedPublisher.Feeds;
using Microsoft.Net.Http.Headers;

namespace FeedPublisher.Web;

/// <summary>
/// One body of a feed in one content coding, with the ETag of exactly these bytes: in memory
/// (<see cref="Body"/>), or in a file that never changes (<see cref="FilePath"/>).
/// </summary>
public sealed record FeedRepresentation(string? ContentEncoding, byte[]? Body, string? FilePath, long Length, string ETag)
{
    /// <summary>The ETag parsed once, for comparing with If-None-Match.</summary>
    public EntityTagHeaderValue Tag { get; } = EntityTagHeaderValue.Parse(ETag);
}

/// <summary>
/// A feed ready to serve: identity, gzip and Brotli bodies, each with its own strong ETag, and the header values
/// pre-formatted. The site's feeds are compressed here, once per change, and kept in memory; a tag's or author's
/// feeds point at their stored bodies on disk. Immutable, so a response always pairs a body with its ETag.
/// </summary>
public sealed class PreparedFeed
{
    private PreparedFeed(FeedFile file, FeedRepresentation identity, FeedRepresentation gzip, FeedRepresentation brotli)
    {
        File = file;
        Identity = identity;
        Gzip = gzip;
        Brotli = brotli;
        var ticks = file.LastModified.UtcTicks;
        LastModified = new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        LastModifiedHeader = HeaderUtilities.FormatDate(LastModified);
        Kind = Metrics.FeedKind.Of(file.UrlPath);
    }

    /// <summary>Its scope kind and format, for the metrics: worked out once, not on every poll.</summary>
    public Metrics.FeedKind Kind { get; }

    public FeedFile File { get; }
    public FeedRepresentation Identity { get; }
    public FeedRepresentation Gzip { get; }
    public FeedRepresentation Brotli { get; }

    /// <summary>Last-Modified at HTTP's one-second precision.</summary>
    public DateTimeOffset LastModified { get; }

    public string LastModifiedHeader { get; }

    public FeedRepresentation For(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => Brotli,
        ContentCoding.Gzip => Gzip,
        _ => Identity,
    };

    public static PreparedFeed Prepare(FeedFile file)
    {
        var tag = file.Tag;
        if (file.Stored is { } stored)
            return new PreparedFeed(
                file,
                new FeedRepresentation(null, null, stored.IdentityPath, stored.IdentityLength, FeedBodies.ETag(tag, null)),
                new FeedRepresentation("gzip", null, stored.GzipPath, stored.GzipLength, FeedBodies.ETag(tag, "gzip")),
                new FeedRepresentation("br", null, stored.BrotliPath, stored.BrotliLength, FeedBodies.ETag(tag, "br")));
        var bytes = file.Bytes ?? throw new ArgumentException("web: a feed has neither bytes nor stored bodies", nameof(file));
        // Each coding on a core of its own: this sits between an ingest and the served feed.
        byte[] gzip = [], brotli = [];
        Parallel.Invoke(() => gzip = FeedBodies.Gzip(bytes), () => brotli = FeedBodies.Brotli(bytes));
        return new PreparedFeed(
            file,
            new FeedRepresentation(null, bytes, null, bytes.Length, FeedBodies.ETag(tag, null)),
            new FeedRepresentation("gzip", gzip, null, gzip.Length, FeedBodies.ETag(tag, "gzip")),
            new FeedRepresentation("br", brotli, null, brotli.Length, FeedBodies.ETag(tag, "br")));
    }
}

public enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}
