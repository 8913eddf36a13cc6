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

    /// <summary>
    /// The tags and authors of the changes after <paramref name="after"/>, from the oldest, up to the change that would take
    /// them past <paramref name="maxScopes"/> (one change at least, however many it touched), and the last change they
    /// cover: a cursor that follows this never skips a change, and a run never rebuilds more than a bounded set.
    /// </summary>
    public static async Task<(FeedChanges Changes, long Through)> ScopesUpToAsync(NpgsqlConnection connection, long after, long latest, int maxScopes)
    {
        if (latest <= after)
            return (FeedChanges.None, after);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var authors = new HashSet<string>(StringComparer.Ordinal);
        var through = after;
        foreach (var change in await StoreChangeRows.SinceAsync(connection, after, MaxChangesRead))
        {
            if (change.Sequence > latest)
                break;
            if (through > after && tags.Count + authors.Count + Unseen(change.Tags, tags) + Unseen(change.Authors, authors) > maxScopes)
                return (new FeedChanges(tags, authors), through);
            tags.UnionWith(change.Tags);
            authors.UnionWith(change.Authors);
            through = change.Sequence;
        }
        // Read to the end of what was asked, or of the MaxChangesRead changes read: the next run takes the rest.
        return (new FeedChanges(tags, authors), through > after && latest - after > MaxChangesRead ? through : latest);
    }

    private static int Unseen(IReadOnlyList<string> names, HashSet<string> seen) => names.Count(name => !seen.Contains(name));
}
