using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// Where articles live, as the use cases need them: upsert a batch (or preview one), the newest published articles
/// of a scope, one by its slug, and a ping for health. SQLite is the default backend (Storage/Sqlite); another backend
/// implements the same contract with its own connection, dialect and migrations.
/// </summary>
public interface IArticleStore
{
    /// <summary>Creates or upgrades the schema. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates each article by its id in one transaction. The same content again changes nothing; new content
    /// keeps the article's slug, GUID and published time, moves its updated time and keeps the old revision.
    /// </summary>
    Task<UpsertResults> UpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken);

    /// <summary>What <see cref="UpsertAsync"/> would do with these articles, without keeping anything.</summary>
    Task<UpsertResults> PreviewUpsertAsync(IReadOnlyList<Article> articles, DateTimeOffset ingestedAt, CancellationToken cancellationToken);

    /// <summary>The newest published (non-draft) articles of a scope, newest first.</summary>
    Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(ArticleScope scope, int count, CancellationToken cancellationToken) =>
        GetNewestPublishedAsync(scope, 0, count, cancellationToken);

    /// <summary>A page of the published articles of a scope, newest first: <paramref name="count"/> after the first <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<StoredArticle>> GetNewestPublishedAsync(ArticleScope scope, int skip, int count, CancellationToken cancellationToken);

    /// <summary>
    /// The published articles whose archive position (each one's permanent place, given when first published, in
    /// order of arrival) is between <paramref name="first"/> and <paramref name="last"/>, newest first.
    /// </summary>
    Task<IReadOnlyList<StoredArticle>> GetByPositionAsync(long first, long last, CancellationToken cancellationToken);

    /// <summary>The published articles changed since they were first stored (revision above 1), most recently updated first.</summary>
    Task<IReadOnlyList<StoredArticle>> GetRecentlyRevisedAsync(int count, CancellationToken cancellationToken);

    /// <summary>The highest archive position given so far; 0 before any article was published.</summary>
    Task<long> GetLastPositionAsync(CancellationToken cancellationToken);

    /// <summary>The tag or author that has this slug, whether or not it has published articles; null when none has.</summary>
    Task<ScopeName?> FindScopeAsync(ArticleScopeKind kind, string slug, CancellationToken cancellationToken);

    /// <summary>The tag or author of this name with its slug, whether or not it has published articles; null when none has.</summary>
    Task<ScopeName?> FindScopeByNameAsync(ArticleScopeKind kind, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Every tag or author with at least one published article, with how many, by name; or only those of
    /// <paramref name="names"/> (an indexed lookup, where the whole list is a scan).
    /// </summary>
    Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(ArticleScopeKind kind, IReadOnlyCollection<string>? names, CancellationToken cancellationToken);

    Task<StoredArticle?> FindPublishedBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>As <see cref="GetNewestPublishedAsync(ArticleScope, int, int, CancellationToken)"/>, with the retracted ones among them.</summary>
    Task<IReadOnlyList<StoredArticle>> GetNewestWithRetractedAsync(ArticleScope scope, int count, CancellationToken cancellationToken);

    /// <summary>The article with this slug in any state (published, draft or retracted); null when there is none.</summary>
    Task<StoredArticle?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>The tombstones of a scope: its articles retracted since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Tombstone>> GetRetractedSinceAsync(ArticleScope scope, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a published article back: out of every feed, its page 410, a tombstone in its Atom feeds; the article and
    /// the retraction stay stored. Null when no article has the id; no change when it is retracted already.
    /// </summary>
    Task<UpsertResults?> RetractAsync(string id, Retraction retraction, string how, CancellationToken cancellationToken);

    /// <summary>Republishes a retracted article in its old place, updated after the retraction (RFC 6721 §3: the later wins).</summary>
    Task<UpsertResults?> RestoreAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The articles held until their date, the soonest first.</summary>
    Task<IReadOnlyList<StoredArticle>> GetHeldAsync(int count, CancellationToken cancellationToken);

    /// <summary>When the next article held until its date is due; null when none is held.</summary>
    Task<DateTimeOffset?> GetNextEmbargoAsync(CancellationToken cancellationToken);

    /// <summary>Publishes the held articles whose date has come, in the order of their dates.</summary>
    Task<UpsertResults> PublishDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The article with this id, published or a draft; null when there is none.</summary>
    Task<StoredArticle?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>The versions an article had before its current one, oldest first.</summary>
    Task<IReadOnlyList<ArticleRevision>> GetRevisionsAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The value recorded for a setting the stored data depends on (the archive page size), recording
    /// <paramref name="value"/> first when none is.
    /// </summary>
    Task<string> KeepSettingAsync(string name, string value, CancellationToken cancellationToken);

    /// <summary>The value recorded for the setting; null when none is, or when the database has not been set up yet.</summary>
    Task<string?> FindSettingAsync(string name, CancellationToken cancellationToken);

    /// <summary>True when the database answers a query that reads its schema.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

public enum ArticleScopeKind
{
    Site,
    Tag,
    Author,
}

/// <summary>Which articles a query is about: the whole site, those with one tag, or those by one author.</summary>
public sealed record ArticleScope(ArticleScopeKind Kind, string? Name)
{
    public static readonly ArticleScope Site = new(ArticleScopeKind.Site, null);

    public static ArticleScope Tag(string tag) => new(ArticleScopeKind.Tag, tag);

    public static ArticleScope Author(string author) => new(ArticleScopeKind.Author, author);
}

/// <summary>A tag's or author's name and the slug it was given once, for its URLs.</summary>
public sealed record ScopeName(string Name, string Slug);

/// <summary>A tag or author in the catalogue: its name, slug and how many published articles it has.</summary>
public sealed record ScopeSummary(string Name, string Slug, int PublishedArticles);

/// <summary>An article as the store keeps it: the parsed fields plus what the store decided once (slug, GUID, times).</summary>
public sealed record StoredArticle(
    string Id,
    string Guid,
    string Slug,
    string Title,
    IReadOnlyList<string> Authors,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    string Summary,
    string ContentHtml,
    IReadOnlyList<string> Tags,
    int Revision)
{
    /// <summary>The featured image: an absolute http or https URL, or null.</summary>
    public string? ImageUrl { get; init; }

    public string? ImageAlt { get; init; }

    /// <summary>A draft is stored but in no feed.</summary>
    public bool IsDraft { get; init; }

    /// <summary>When an article held until its date (an embargo) will be published; null for any other.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>The retraction in force, or null: a retracted article is in no feed and its page answers 410.</summary>
    public Retraction? Retraction { get; init; }

    /// <summary>The authors with their slugs, in byline order.</summary>
    public IReadOnlyList<ScopeName> AuthorNames { get; init; } = [];

    /// <summary>The tags with their slugs.</summary>
    public IReadOnlyList<ScopeName> TagNames { get; init; } = [];
}

/// <summary>
/// What an upsert did to each article, in order, and which tags and authors it touched: those of every inserted or
/// updated article, before and after, so their pages and feeds can be brought up to date and no others.
/// </summary>
public sealed class UpsertResults(IReadOnlyList<UpsertOutcome> outcomes, IReadOnlySet<string> touchedTags, IReadOnlySet<string> touchedAuthors)
    : IReadOnlyList<UpsertOutcome>
{
    public static readonly UpsertResults None = new([], new HashSet<string>(), new HashSet<string>());

    public IReadOnlySet<string> TouchedTags { get; } = touchedTags;
    public IReadOnlySet<string> TouchedAuthors { get; } = touchedAuthors;

    /// <summary>The archive positions of the articles it inserted or updated, so the archive pages that hold them are rewritten.</summary>
    public IReadOnlySet<long> TouchedPositions { get; init; } = new HashSet<long>();

    public UpsertOutcome this[int index] => outcomes[index];
    public int Count => outcomes.Count;
    public IEnumerator<UpsertOutcome> GetEnumerator() => outcomes.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A version an article had before it was replaced: its revision number, title, date and when it was stored.</summary>
public sealed record ArticleRevision
{
    public int Revision { get; init; }
    public string Title { get; init; } = "";
    public DateTimeOffset Updated { get; init; }
    public DateTimeOffset StoredAt { get; init; }
}

/// <summary>An article taken back (RFC 6721): when, why, and who said so.</summary>
public sealed record Retraction(DateTimeOffset At, string? Reason, string? By);

/// <summary>What an Atom feed says of an entry it no longer carries (RFC 6721 at:deleted-entry).</summary>
public sealed record Tombstone
{
    /// <summary>The entry's atom:id.</summary>
    public string Ref { get; init; } = "";
    public DateTimeOffset RetractedAt { get; init; }
    public string? Reason { get; init; }
    public string? RetractedBy { get; init; }
}
