namespace FeedPublisher.Feeds;

/// <summary>One generated feed as written: what the HTTP layer serves.</summary>
/// <param name="LastModified">The newest article's time, so unchanged content keeps its Last-Modified.</param>
public sealed record FeedFile(string FileName, string ContentType, byte[] Bytes, DateTimeOffset LastModified);

/// <summary>Receives every feed as generated (and as found on disk at start-up); the web layer's in-memory copy.</summary>
public interface IFeedSink
{
    void Publish(FeedFile feed);
}
