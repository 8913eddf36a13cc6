using System.Data.Common;
using Dapper;
using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>
/// Stores one batch of articles inside one transaction. Lookups are made once for the whole batch (which ids exist,
/// which slugs are taken) and new rows are inserted together at the end, so each insert statement is prepared once
/// per batch instead of once per article; updates likewise, after them. The policy (slugs,
/// revisions, distinct update times, content hashes) is the same on every backend; <see cref="ISqlDialect"/> words
/// the few conditions that differ.
/// </summary>
internal sealed class ArticleBatchWriter(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DateTimeOffset ingestedAt)
{
    /// <summary>Ids or slugs per list lookup, well under SQLite's limit on parameters.</summary>
    internal const int LookupChunk = 500;

    public const string InsertAuthor = "INSERT INTO article_authors (article_id, position, name) VALUES (@ArticleId, @Position, @Name)";
    public const string InsertTag = "INSERT INTO article_tags (article_id, tag) VALUES (@ArticleId, @Tag)";

    private readonly Dictionary<string, StoredState> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _takenSlugs = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _secondsTakenInBatch = [];
    private readonly Dictionary<long, TableSecond> _tableSeconds = [];
    private readonly HashSet<string> _pendingIds = new(StringComparer.Ordinal);
    private readonly NewArticleRows _pending = new();
    private readonly ArticleUpdateRows _updates = new();
    private readonly object _ingestedAt = dialect.Instant(ingestedAt);

    /// <summary>What the table holds (or will hold once flushed) for an id: enough to decide insert, update or nothing.</summary>
    private sealed class StoredState
    {
        public string Id { get; init; } = "";
        public string Slug { get; init; } = "";
        public DateTimeOffset Published { get; init; }
        public DateTimeOffset Updated { get; init; }
        public string ContentHash { get; init; } = "";
        public int Revision { get; init; }
        public long? Position { get; init; }
    }

    private readonly HashSet<string> _touchedTags = new(StringComparer.Ordinal);
    private readonly HashSet<long> _touchedPositions = [];
    private long? _lastPosition;
    private readonly HashSet<string> _touchedAuthors = new(StringComparer.Ordinal);

    /// <summary>Whether the table had an update time within a second when the batch began, and its latest within the hour from it.</summary>
    private readonly record struct TableSecond(bool Taken, DateTimeOffset? LatestInHour);

    public async Task<UpsertResults> WriteAsync(IReadOnlyList<Article> articles)
    {
        await LoadAsync(articles);
        var outcomes = new List<UpsertOutcome>(articles.Count);
        foreach (var article in articles)
        {
            try
            {
                outcomes.Add(await UpsertAsync(article));
            }
            catch (DbException ex)
            {
                throw new StorageException($"storage: could not upsert article '{article.Id}' from '{article.SourceFileName}'", ex);
            }
        }
        try
        {
            await FlushAsync();
        }
        catch (DbException ex)
        {
            var sources = _pending.Articles.Select(a => a.SourceFileName).Concat(_updates.Articles.Select(a => a.SourceFileName)).ToArray();
            var files = string.Join(", ", sources.Take(5).Select(file => $"'{file}'"));
            var more = sources.Length > 5 ? $" and {sources.Length - 5} more" : "";
            throw new StorageException($"storage: could not store {_pending.Count} new and {_updates.Count} updated article(s), from {files}{more}", ex);
        }
        try
        {
            var names = new ScopeNames(connection, transaction, dialect);
            await names.EnsureSlugsAsync(ArticleScopeKind.Tag, _touchedTags);
            await names.EnsureSlugsAsync(ArticleScopeKind.Author, _touchedAuthors);
        }
        catch (DbException ex)
        {
            throw new StorageException("storage: could not give the batch's tags and authors their slugs", ex);
        }
        return new UpsertResults(outcomes, _touchedTags, _touchedAuthors) { TouchedPositions = _touchedPositions };
    }

    private async Task LoadAsync(IReadOnlyList<Article> articles)
    {
        foreach (var ids in articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            var rows = await connection.QueryAsync<StoredState>($"""
                SELECT id AS Id, slug AS Slug, published AS Published, updated AS Updated, content_hash AS ContentHash, revision AS Revision,
                       position AS Position
                FROM articles WHERE {dialect.InList("id", "@ids")}
                """, new { ids }, transaction);
            foreach (var row in rows)
                _known[row.Id] = row;
        }
        var newArticles = articles.Where(a => !_known.ContainsKey(a.Id)).ToList();
        foreach (var slugs in newArticles.Select(a => a.Slug).Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
            _takenSlugs.UnionWith(await connection.QueryAsync<string>($"SELECT slug FROM articles WHERE {dialect.InList("slug", "@slugs")}", new { slugs }, transaction));
        await LoadTableSecondsAsync(newArticles.Select(a => WantedUpdated(a, a.Published ?? ingestedAt)));
    }

    /// <summary>
    /// What <see cref="DistinctUpdatedAsync"/> needs to know of the table for the new articles' wanted update times, in
    /// one statement per chunk rather than one or two round trips per article (they count on PostgreSQL). Rows that
    /// the batch itself changes are tracked in <see cref="_secondsTakenInBatch"/>; a second an update frees stays
    /// counted as taken, which only moves a later article on by a second.
    /// </summary>
    private async Task LoadTableSecondsAsync(IEnumerable<DateTimeOffset> wanted)
    {
        foreach (var seconds in wanted.Select(w => Second(w).UtcTicks).Distinct().Where(s => !_tableSeconds.ContainsKey(s)).Chunk(LookupChunk / 2))
        {
            var parameters = new DynamicParameters();
            var values = new List<string>(seconds.Length);
            for (var i = 0; i < seconds.Length; i++)
            {
                var second = new DateTimeOffset(seconds[i], TimeSpan.Zero);
                parameters.Add($"i{i}", i);
                parameters.Add($"f{i}", dialect.Instant(second));
                parameters.Add($"t{i}", dialect.Instant(second.AddSeconds(1)));
                parameters.Add($"h{i}", dialect.Instant(second.AddHours(1)));
                values.Add($"(@i{i}, @f{i}, @t{i}, @h{i})");
            }
            var rows = await connection.QueryAsync<(int Index, object? InSecond, object? LatestInHour)>($"""
                WITH wanted(i, f, t, h) AS (VALUES {string.Join(", ", values)})
                SELECT w.i,
                       (SELECT MIN(updated) FROM articles WHERE updated >= w.f AND updated < w.t),
                       (SELECT MAX(updated) FROM articles WHERE updated >= w.f AND updated < w.h)
                FROM wanted w
                """, parameters, transaction);
            foreach (var row in rows)
                _tableSeconds[seconds[row.Index]] = new TableSecond(
                    row.InSecond is not null and not DBNull,
                    row.LatestInHour is null or DBNull ? null : dialect.ReadInstant(row.LatestInHour));
        }
    }

    /// <summary>The article's content, then, when its file says <c>retracted: true</c>, its retraction.</summary>
    private async Task<UpsertOutcome> UpsertAsync(Article article)
    {
        var outcome = await UpsertContentAsync(article);
        if (!article.Retracted || outcome == UpsertOutcome.Unchanged)
            return outcome;
        await FlushAsync();
        var retracted = await new ArticleRetractions(connection, transaction, dialect)
            .RetractAsync(article.Id, new Retraction(ingestedAt, article.RetractionReason, By: null), how: $"file {article.SourceFileName}");
        if (retracted is not { Count: > 0 } || retracted[0] != UpsertOutcome.Updated)
            return outcome;
        _touchedTags.UnionWith(retracted.TouchedTags);
        _touchedAuthors.UnionWith(retracted.TouchedAuthors);
        _touchedPositions.UnionWith(retracted.TouchedPositions);
        return outcome == UpsertOutcome.Unchanged ? UpsertOutcome.Updated : outcome;
    }

    private async Task<UpsertOutcome> UpsertContentAsync(Article article)
    {
        var hash = ContentHash.Of(article);
        _known.TryGetValue(article.Id, out var existing);
        if (existing is not null && existing.ContentHash == hash)
            return UpsertOutcome.Unchanged;
        _touchedTags.UnionWith(article.Tags);
        _touchedAuthors.UnionWith(article.Authors);
        if (existing is null)
        {
            Insert(article, hash, await NewStateAsync(article, hash));
            return UpsertOutcome.Inserted;
        }
        // The same id twice in one batch with different content: the first must be in the table before it is updated
        // (its revision keeps what the first wrote).
        if (_pendingIds.Contains(article.Id) || _updates.Contains(article.Id))
            await FlushAsync();
        await UpdateAsync(article, hash, existing);
        return UpsertOutcome.Updated;
    }

    private async Task<StoredState> NewStateAsync(Article article, string hash)
    {
        var slug = _takenSlugs.Contains(article.Slug) ? await UniqueSlugAsync(article.Slug) : article.Slug;
        _takenSlugs.Add(slug);
        var published = article.Published ?? ingestedAt;
        var updated = await DistinctUpdatedAsync(WantedUpdated(article, published));
        return new StoredState
        {
            Id = article.Id, Slug = slug, Published = published, Updated = updated, ContentHash = hash, Revision = 1,
            Position = article.IsDraft || IsEmbargoed(article) ? null : await NextPositionAsync(),
        };
    }

    private void Insert(Article article, string hash, StoredState state)
    {
        _pending.Articles.Add(new NewArticleRow(article.Id, article.Guid, state.Slug, article.Title, article.Summary, article.ContentHtml,
            dialect.Instant(state.Published), dialect.Instant(state.Updated), article.IsDraft || IsEmbargoed(article), hash, article.SourceFileName,
            _ingestedAt, article.ImageUrl, article.ImageAlt, state.Position, IsEmbargoed(article) ? dialect.Instant(article.Published!.Value) : null));
        for (var position = 0; position < article.Authors.Count; position++)
            _pending.Authors.Add(new AuthorRow(article.Id, position, article.Authors[position]));
        foreach (var tag in article.Tags)
            _pending.Tags.Add(new TagRow(article.Id, tag));
        _pendingIds.Add(article.Id);
        _known[article.Id] = state;
    }

    private async Task UpdateAsync(Article article, string hash, StoredState existing)
    {
        // The updated time only moves forward, so readers notice the change; an article never published has had no
        // readers, and its dates are the file's (a held one's old embargo date must not leak into its new one).
        var updated = existing.Position is null
            ? await DistinctUpdatedAsync(Later(article.Updated ?? article.Published ?? ingestedAt, article.Published ?? existing.Published))
            : await DistinctUpdatedAsync(
                Later(Later(article.Updated ?? ingestedAt, existing.Updated.AddTicks(TimeSpan.TicksPerSecond)), existing.Published));
        var revision = existing.Revision + 1;
        // A place in the archives is given once, when the article is first published, and kept whatever follows.
        // Until it is first published, an article's date is the file's: an embargo may move.
        var embargoed = existing.Position is null && IsEmbargoed(article);
        var published = existing.Position is null ? article.Published ?? existing.Published : existing.Published;
        var position = existing.Position ?? (article.IsDraft || embargoed ? null : await NextPositionAsync());
        if (position is { } place)
            _touchedPositions.Add(place);
        // The revision it keeps names the authors and tags it had; they are read for the whole batch when it is written.
        _updates.Add(new ArticleUpdateRow(article.Id, OldAuthors: "", OldTags: "", article.Title, article.Summary, article.ContentHtml,
            dialect.Instant(published), dialect.Instant(updated), article.IsDraft || embargoed, embargoed ? dialect.Instant(published) : null,
            article.ImageUrl, article.ImageAlt, position, hash, revision, article.SourceFileName, _ingestedAt), article.Authors, article.Tags);
        _known[article.Id] = new StoredState
        {
            Id = article.Id, Slug = existing.Slug, Published = published, Updated = updated, ContentHash = hash, Revision = revision,
            Position = position,
        };
    }

    /// <summary>
    /// Dated after the moment it is stored: held until then (stored as not yet published, with <c>publish_at</c>), so no
    /// feed, date or Last-Modified ever comes from the future; <c>ScheduledPublishing</c> publishes it at its time.
    /// </summary>
    private bool IsEmbargoed(Article article) => !article.IsDraft && article.Published is { } date && date > ingestedAt;

    /// <summary>The next free archive position: one more than the table's highest (read once a batch) or the batch's.</summary>
    private async Task<long> NextPositionAsync()
    {
        _lastPosition ??= await connection.ExecuteScalarAsync<long?>("SELECT MAX(position) FROM articles WHERE position IS NOT NULL", transaction: transaction) ?? 0;
        _lastPosition++;
        _touchedPositions.Add(_lastPosition.Value);
        return _lastPosition.Value;
    }

    /// <summary>The batch's new rows go in together, then its updates, as the dialect does each best.</summary>
    private async Task FlushAsync()
    {
        if (_pending.Count > 0)
        {
            await dialect.InsertNewArticlesAsync(connection, transaction, _pending);
            _pending.Clear();
            _pendingIds.Clear();
        }
        if (_updates.Count > 0)
        {
            await FlushUpdatesAsync();
            _updates.Clear();
        }
    }

    /// <summary>
    /// The versions the updates replace go into article_revisions, authors and tags included, so the history holds
    /// every earlier version while the current one lives only in articles (a first ingest writes its body once, not
    /// twice); then the new versions. The authors and tags they leave are touched too: those feeds change.
    /// </summary>
    private async Task FlushUpdatesAsync()
    {
        var ids = _updates.Articles.Select(row => row.Id).ToArray();
        var (authors, tags) = await ArticleLinks.OfAsync(connection, transaction, dialect, ids);
        for (var i = 0; i < _updates.Articles.Count; i++)
        {
            var row = _updates.Articles[i];
            var hadAuthors = authors[row.Id];
            var hadTags = tags[row.Id];
            _touchedAuthors.UnionWith(hadAuthors);
            _touchedTags.UnionWith(hadTags);
            _updates.Articles[i] = row with { OldAuthors = string.Join('\n', hadAuthors), OldTags = string.Join('\n', hadTags) };
        }
        await dialect.UpdateArticlesAsync(connection, transaction, _updates);
    }

    /// <summary>
    /// Feeds show update times to the second, and validators flag entries that share one (several articles dated the
    /// same day all say midnight). A taken second moves the time to just after the latest one taken within the hour,
    /// counting both the table (two range lookups on its index) and this batch's articles not yet inserted.
    /// </summary>
    private async Task<DateTimeOffset> DistinctUpdatedAsync(DateTimeOffset wanted)
    {
        var second = Second(wanted);
        if (!_tableSeconds.TryGetValue(second.UtcTicks, out var table))
        {
            await LoadTableSecondsAsync([second]);
            table = _tableSeconds[second.UtcTicks];
        }
        if (!table.Taken && !_secondsTakenInBatch.Contains(second.UtcTicks))
        {
            _secondsTakenInBatch.Add(second.UtcTicks);
            return wanted;
        }
        var latest = second.UtcTicks;
        if (table.LatestInHour is { } inTable)
            latest = Math.Max(latest, Second(inTable).UtcTicks);
        var inBatch = _secondsTakenInBatch.GetViewBetween(second.UtcTicks, second.AddHours(1).UtcTicks - 1);
        if (inBatch.Count > 0)
            latest = Math.Max(latest, inBatch.Max);
        var next = new DateTimeOffset(latest, TimeSpan.Zero).AddSeconds(1);
        _secondsTakenInBatch.Add(next.UtcTicks);
        return next;
    }

    private async Task<string> UniqueSlugAsync(string wanted)
    {
        // "x" and every "x-…": a byte-order range on the unique index ('.' sorts right after '-'), not a LIKE that
        // scans the table.
        var taken = (await connection.QueryAsync<string>(
            $"SELECT slug FROM articles WHERE slug = @wanted OR ({dialect.BetweenExclusive("slug", "@low", "@high")})",
            new { wanted, low = wanted + "-", high = wanted + "." }, transaction)).ToHashSet(StringComparer.Ordinal);
        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted}-{n}";
            if (!taken.Contains(candidate) && !_takenSlugs.Contains(candidate))
                return candidate;
        }
    }

    private static DateTimeOffset WantedUpdated(Article article, DateTimeOffset published) => Later(article.Updated ?? published, published);

    private static DateTimeOffset Second(DateTimeOffset instant) => new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
