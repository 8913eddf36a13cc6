using System.Collections.Frozen;
using FeedPublisher.Feeds;

namespace FeedPublisher.Web;

/// <summary>
/// The feeds as currently served, by URL path. A regeneration swaps in a new immutable map, so a request sees either
/// the old set or the new one, never a mix. The site's feeds are compressed here, once per change.
/// </summary>
public sealed class ServedFeeds : IFeedSink
{
    private readonly Lock _publishLock = new();
    private FrozenDictionary<string, PreparedFeed> _feeds = FrozenDictionary<string, PreparedFeed>.Empty;

    public bool TryGet(string urlPath, out PreparedFeed feed) => Volatile.Read(ref _feeds).TryGetValue(urlPath, out feed!);

    /// <summary>Every feed served now, by URL path.</summary>
    public IReadOnlyDictionary<string, PreparedFeed> All => Volatile.Read(ref _feeds);

    /// <summary>Serves what was found on disk, unless a generated feed got here first: never replace newer with older.</summary>
    public void PublishIfAbsent(IReadOnlyList<FeedFile> feeds)
    {
        lock (_publishLock)
        {
            var current = _feeds;
            Publish([.. feeds.Where(feed => !current.ContainsKey(feed.UrlPath))], [], replaceAll: false);
        }
    }

    public void Publish(IReadOnlyList<FeedFile> feeds, IReadOnlyCollection<string> removed, bool replaceAll) => Swap(feeds, removed, replaceAll);

    /// <summary>As <see cref="Publish"/>.</summary>
    /// <returns>The paths whose bytes are new: feeds not served before, or served with other bytes.</returns>
    public IReadOnlyList<string> Swap(IReadOnlyList<FeedFile> feeds, IReadOnlyCollection<string> removed, bool replaceAll)
    {
        lock (_publishLock)
        {
            var current = _feeds;
            var next = replaceAll
                ? new Dictionary<string, PreparedFeed>(StringComparer.Ordinal)
                : new Dictionary<string, PreparedFeed>(current, StringComparer.Ordinal);
            foreach (var path in removed)
                next.Remove(path);
            // The site's three feeds are compressed here: each on a core of its own.
            var prepared = new PreparedFeed[feeds.Count];
            Parallel.For(0, feeds.Count, i => prepared[i] = Prepare(feeds[i], current.GetValueOrDefault(feeds[i].UrlPath)));
            var changed = new List<string>();
            for (var i = 0; i < feeds.Count; i++)
            {
                next[feeds[i].UrlPath] = prepared[i];
                if (!current.TryGetValue(feeds[i].UrlPath, out var before) || before.File.Tag != feeds[i].Tag)
                    changed.Add(feeds[i].UrlPath);
            }
            Volatile.Write(ref _feeds, next.ToFrozenDictionary(StringComparer.Ordinal));
            return changed;
        }
    }

    private static PreparedFeed Prepare(FeedFile feed, PreparedFeed? existing)
    {
        if (existing is not null)
        {
            // Same bytes, same validators: a restart (file time from disk, then the newest article's time) must not
            // move Last-Modified back, and the compressed bodies need not be made again.
            if (existing.File.Tag == feed.Tag && existing.File.Stored == feed.Stored)
            {
                if (existing.File.CacheControl == feed.CacheControl)
                    return existing;
                // Same bytes sent with other caching (an archive page become immutable): the validators stay.
                return PreparedFeed.Prepare(feed with { LastModified = existing.LastModified });
            }
            // Changed bytes must move Last-Modified forward, or pollers that send only If-Modified-Since get 304 for
            // a feed they have not seen. The newest article's time does not move when an older-dated article arrives
            // or one drops out.
            var atLeast = existing.LastModified.AddSeconds(1);
            if (existing.File.Tag != feed.Tag && feed.LastModified < atLeast)
                feed = feed with { LastModified = atLeast };
        }
        return PreparedFeed.Prepare(feed);
    }
}
