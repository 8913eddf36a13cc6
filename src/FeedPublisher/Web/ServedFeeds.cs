using System.Collections.Frozen;
using FeedPublisher.Feeds;

namespace FeedPublisher.Web;

/// <summary>
/// The feeds as currently served, kept in memory. A new generation swaps in a new immutable map, so a request sees
/// either the old feed or the new one, never a mix. Compression happens here, once per changed feed.
/// </summary>
public sealed class ServedFeeds : IFeedSink
{
    private readonly Lock _publishLock = new();
    private FrozenDictionary<string, PreparedFeed> _feeds = FrozenDictionary<string, PreparedFeed>.Empty;

    public bool TryGet(string fileName, out PreparedFeed feed) => Volatile.Read(ref _feeds).TryGetValue(fileName, out feed!);

    /// <summary>Serves what was found on disk, unless a generated feed got here first: never replace newer with older.</summary>
    public void PublishIfAbsent(FeedFile feed)
    {
        lock (_publishLock)
        {
            if (!_feeds.ContainsKey(feed.FileName))
                Publish(feed);
        }
    }

    public void Publish(FeedFile feed)
    {
        lock (_publishLock)
        {
            var current = _feeds;
            if (current.TryGetValue(feed.FileName, out var existing))
            {
                // Same bytes, same validators: a restart (file time from disk, then the newest article's time) must
                // not move Last-Modified back.
                if (existing.File.Bytes.AsSpan().SequenceEqual(feed.Bytes))
                    return;
                // Changed bytes must move Last-Modified forward, or pollers that send only If-Modified-Since get 304
                // for a feed they have not seen. The newest article's time does not move when an older-dated article
                // arrives or one drops out.
                var atLeast = existing.LastModified.AddSeconds(1);
                if (feed.LastModified < atLeast)
                    feed = feed with { LastModified = atLeast };
            }
            var next = new Dictionary<string, PreparedFeed>(current, StringComparer.Ordinal)
            {
                [feed.FileName] = PreparedFeed.Prepare(feed),
            };
            Volatile.Write(ref _feeds, next.ToFrozenDictionary(StringComparer.Ordinal));
        }
    }
}
