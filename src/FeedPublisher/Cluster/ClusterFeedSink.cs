using FeedPublisher.Feeds;
using Npgsql;

namespace FeedPublisher.Cluster;

/// <summary>
/// Where a regeneration's feeds go when several instances share the database: not straight into this instance's served
/// set but into the regeneration's transaction (<see cref="ServedFeedRows.SaveAsync"/>). Every instance, this one too,
/// serves them once they are committed (<see cref="ClusterFeedLoader"/>), so all serve the same bytes and headers.
/// </summary>
public sealed class ClusterFeedSink : IFeedSink
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FeedFile> _feeds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private bool _everything;

    public void Publish(IReadOnlyList<FeedFile> feeds, IReadOnlyCollection<string> removed, bool replaceAll)
    {
        lock (_lock)
        {
            if (replaceAll)
            {
                _feeds.Clear();
                _removed.Clear();
                _everything = true;
            }
            foreach (var path in removed)
            {
                _feeds.Remove(path);
                _removed.Add(path);
            }
            foreach (var feed in feeds)
            {
                _feeds[feed.UrlPath] = feed;
                _removed.Remove(feed.UrlPath);
            }
        }
    }

    /// <summary>Stores what this regeneration published, in its transaction; the buffer is empty afterwards.</summary>
    /// <returns>The generation it made, or null when no feed changed.</returns>
    /// <param name="scopesThroughChange">The change the tag and author feeds were brought up to, when they were.</param>
    public async Task<long?> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long throughChange, long? scopesThroughChange, string producer,
        CancellationToken cancellationToken)
    {
        List<FeedFile> feeds;
        string[] removed;
        bool everything;
        lock (_lock)
        {
            feeds = [.. _feeds.Values];
            removed = [.. _removed];
            everything = _everything;
            Discard();
        }
        // A feed served from disk has its bytes in its stored body, which never changes under its name.
        return await ServedFeedRows.SaveAsync(connection, transaction, feeds,
            async (feed, token) => feed.Bytes ?? await File.ReadAllBytesAsync(feed.Stored!.IdentityPath, token),
            removed, everything, throughChange, scopesThroughChange, producer, cancellationToken);
    }

    /// <summary>Forgets what a failed regeneration published.</summary>
    public void Discard()
    {
        lock (_lock)
        {
            _feeds.Clear();
            _removed.Clear();
            _everything = false;
        }
    }
}
