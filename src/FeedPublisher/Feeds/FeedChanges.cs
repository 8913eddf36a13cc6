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

    public FeedChanges Merge(FeedChanges other) => IsEmpty ? other : other.IsEmpty ? this : new(
        new HashSet<string>(Tags.Concat(other.Tags), StringComparer.Ordinal),
        new HashSet<string>(Authors.Concat(other.Authors), StringComparer.Ordinal),
        Everything || other.Everything)
    {
        Positions = new HashSet<long>(Positions.Concat(other.Positions)),
    };
}
