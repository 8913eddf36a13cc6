using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using Npgsql;

namespace FeedPublisher.Cluster;

/// <summary>What a stretch of the change log touched, for whoever follows it by a cursor.</summary>
internal static class ChangeLogRange
{
    /// <summary>More changes than this in a stretch: everything, which costs less than reading them.</summary>
    public const int MaxChangesRead = 2_000;

    /// <summary>The tags, authors and archive positions of the changes after <paramref name="after"/> up to <paramref name="through"/>.</summary>
    public static async Task<FeedChanges> TouchedAsync(NpgsqlConnection connection, long after, long through)
    {
        if (through <= after)
            return FeedChanges.None;
        if (through - after > MaxChangesRead)
            return FeedChanges.All;
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var authors = new HashSet<string>(StringComparer.Ordinal);
        var positions = new HashSet<long>();
        foreach (var change in await StoreChangeRows.SinceAsync(connection, after, MaxChangesRead))
        {
            if (change.Sequence > through)
                break;
            tags.UnionWith(change.Tags);
            authors.UnionWith(change.Authors);
            positions.UnionWith(change.Positions);
        }
        return new FeedChanges(tags, authors) { Positions = positions };
    }
}
