using FeedPublisher.Storage;

namespace FeedPublisher.Feeds;

/// <summary>
/// The tags and authors that have published articles, kept in memory for pages and feeds: loaded whole once, then
/// brought up to date after each regeneration for only the names its changes touched (an indexed lookup each).
/// </summary>
public sealed class ScopeCatalogue(IArticleStore store)
{
    private sealed record Snapshot(IReadOnlyList<ScopeSummary> Tags, IReadOnlyList<ScopeSummary> Authors);

    private volatile Snapshot? _current;

    /// <summary>Tags with published articles, by name; empty until the first regeneration.</summary>
    public IReadOnlyList<ScopeSummary> Tags => _current?.Tags ?? [];

    /// <summary>Authors with published articles, by name; empty until the first regeneration.</summary>
    public IReadOnlyList<ScopeSummary> Authors => _current?.Authors ?? [];

    /// <summary>How many complete archive pages the last regeneration served.</summary>
    public int ArchivePages { get; set; }

    public async Task UpdateAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null || changes.Everything)
        {
            _current = new Snapshot(
                await store.ListScopesAsync(ArticleScopeKind.Tag, null, cancellationToken),
                await store.ListScopesAsync(ArticleScopeKind.Author, null, cancellationToken));
            return;
        }
        if (changes.IsEmpty)
            return;
        _current = new Snapshot(
            await UpdatedAsync(current.Tags, ArticleScopeKind.Tag, changes.Tags, cancellationToken),
            await UpdatedAsync(current.Authors, ArticleScopeKind.Author, changes.Authors, cancellationToken));
    }

    private async Task<IReadOnlyList<ScopeSummary>> UpdatedAsync(
        IReadOnlyList<ScopeSummary> current, ArticleScopeKind kind, IReadOnlySet<string> touched, CancellationToken cancellationToken)
    {
        if (touched.Count == 0)
            return current;
        var fresh = await store.ListScopesAsync(kind, [.. touched], cancellationToken);
        return current.Where(scope => !touched.Contains(scope.Name)).Concat(fresh).OrderBy(scope => scope.Name, StringComparer.Ordinal).ToArray();
    }
}
