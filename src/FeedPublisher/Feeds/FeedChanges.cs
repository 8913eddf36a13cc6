namespace FeedPublisher.Feeds;

/// <summary>
/// What a regeneration must bring up to date beyond the site feeds: the tags and authors whose articles changed (before
/// and after the change), or everything (at start-up).
/// </summary>
public sealed record FeedChanges(IReadOnlySet<string> Tags, IReadOnlySet<string> Authors, bool Everything = false)
{
    public static readonly FeedChanges None = new(new HashSet<string>(), new HashSet<string>());

    public static readonly FeedChanges All = None with { Everything = true };

    /// <summary>The archive positions of the articles that changed: the archive pages that hold them are rewritten.</summary>
    public IReadOnlySet<long> Positions { get; init; } = new HashSet<long>();

    public bool IsEmpty => !Everything && Tags.Count == 0 && Authors.Count == 0 && Positions.Count == 0;

    /// <summary>
    /// At most <paramref name="maxScopes"/> of the tags and authors, with every position, and the later ones (null when none
    /// is left). Everything is never split.
    /// </summary>
    public (FeedChanges First, FeedChanges? Later) SplitScopes(int maxScopes)
    {
        if (Everything || Tags.Count + Authors.Count <= maxScopes)
            return (this, null);
        var tags = Tags.Take(maxScopes).ToHashSet(StringComparer.Ordinal);
        var authors = Authors.Take(maxScopes - tags.Count).ToHashSet(StringComparer.Ordinal);
        var first = new FeedChanges(tags, authors) { Positions = Positions };
        var rest = new FeedChanges(
            Tags.Where(tag => !tags.Contains(tag)).ToHashSet(StringComparer.Ordinal),
            Authors.Where(author => !authors.Contains(author)).ToHashSet(StringComparer.Ordinal));
        return (first, rest);
    }

    public FeedChanges Merge(FeedChanges other) => IsEmpty ? other : other.IsEmpty ? this : new(
        new HashSet<string>(Tags.Concat(other.Tags), StringComparer.Ordinal),
        new HashSet<string>(Authors.Concat(other.Authors), StringComparer.Ordinal),
        Everything || other.Everything)
    {
        Positions = new HashSet<long>(Positions.Concat(other.Positions)),
    };
}
