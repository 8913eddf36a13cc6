using FeedPublisher.Storage;

namespace FeedPublisher.Feeds;

/// <summary>
/// The tags and authors that have published articles, kept in memory for pages and feeds: loaded whole once, then
/// brought up to date after each regeneration for only the names its changes touched (an indexed lookup each).
/// </summary>
public sealed class ScopeCatalogue(IArticleStore store)
{
    /// <summary>The tags and authors as of one regeneration; built first, served once its feeds are.</summary>
    public sealed record Snapshot(IReadOnlyList<ScopeSummary> Tags, IReadOnlyList<ScopeSummary> Authors)
    {
        public readonly Dictionary<string, ScopeSummary> TagsBySlug = Tags.ToDictionary(t => t.Slug, StringComparer.Ordinal);
        public readonly Dictionary<string, ScopeSummary> AuthorsBySlug = Authors.ToDictionary(a => a.Slug, StringComparer.Ordinal);
    }

    private volatile Snapshot? _current;

    /// <summary>Tags with published articles, by name; empty until the first regeneration.</summary>
    public IReadOnlyList<ScopeSummary> Tags => _current?.Tags ?? [];

    /// <summary>Authors with published articles, by name; empty until the first regeneration.</summary>
    public IReadOnlyList<ScopeSummary> Authors => _current?.Authors ?? [];

    /// <summary>False until the first regeneration after a start has served its catalogue.</summary>
    public bool IsLoaded => _current is not null;

    /// <summary>The tag or author with this slug and published articles, as of the last regeneration; null when none.</summary>
    public ScopeSummary? Find(ArticleScopeKind kind, string slug)
    {
        var current = _current;
        var bySlug = kind == ArticleScopeKind.Tag ? current?.TagsBySlug : current?.AuthorsBySlug;
        return bySlug is not null && bySlug.TryGetValue(slug, out var scope) ? scope : null;
    }

    /// <summary>How many complete archive pages the last regeneration served.</summary>
    public int ArchivePages { get; private set; }

    /// <summary>
    /// The catalogue brought up to date for <paramref name="changes"/>, not yet served: pages list a tag only once its
    /// feeds are served too (<see cref="Publish"/>).
    /// </summary>
    public async Task<Snapshot> UpdatedAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null || changes.Everything)
            return new Snapshot(
                await store.ListScopesAsync(ArticleScopeKind.Tag, null, cancellationToken),
                await store.ListScopesAsync(ArticleScopeKind.Author, null, cancellationToken));
        if (changes.IsEmpty)
            return current;
        return new Snapshot(
            await UpdatedAsync(current.Tags, ArticleScopeKind.Tag, changes.Tags, cancellationToken),
            await UpdatedAsync(current.Authors, ArticleScopeKind.Author, changes.Authors, cancellationToken));
    }

    /// <summary>The slug a tag or author was given, whether or not it still has published articles.</summary>
    public async Task<string?> SlugOfAsync(ArticleScopeKind kind, string name, CancellationToken cancellationToken) =>
        (await store.FindScopeByNameAsync(kind, name, cancellationToken))?.Slug;

    /// <summary>Serves the snapshot, with how many archive pages are complete, once the feeds it names are served.</summary>
    public void Publish(Snapshot snapshot, int archivePages)
    {
        _current = snapshot;
        ArchivePages = archivePages;
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
