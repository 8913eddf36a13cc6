using System.Data.Common;

namespace FeedPublisher.Storage;

/// <summary>The few places where the backends' SQL differs; everything else the shared store code writes is portable.</summary>
internal interface ISqlDialect
{
    /// <summary>A condition that <paramref name="column"/> is one of the array parameter's values.</summary>
    string InList(string column, string parameter);

    /// <summary>
    /// A condition that <paramref name="column"/> lies strictly between two text parameters, compared byte by byte
    /// (as SQLite always does; PostgreSQL only under the C collation).
    /// </summary>
    string BetweenExclusive(string column, string low, string high);

    /// <summary>
    /// A join that reads its left table first: SQLite's query planner would otherwise walk every published article in
    /// date order to find one tag's few (CROSS JOIN is how SQLite is told the order); other planners choose well.
    /// </summary>
    string JoinLeftFirst { get; }

    /// <summary>
    /// A column in a condition that must not choose the index: SQLite, without statistics, would walk every published
    /// article by the draft flag's index rather than use the position's or the revised articles' ('+column' tells it).
    /// </summary>
    string Unindexed(string column);

    /// <summary>The literal for false in a comparison with a boolean column.</summary>
    string False { get; }

    /// <summary>An instant as this backend stores it.</summary>
    object Instant(DateTimeOffset value);

    /// <summary>An instant read back from this backend's representation.</summary>
    DateTimeOffset ReadInstant(object value);

    /// <summary>Inserts a batch's new articles with their bylines and tags, in the caller's transaction.</summary>
    Task InsertNewArticlesAsync(DbConnection connection, DbTransaction transaction, NewArticleRows rows);

    /// <summary>
    /// Writes a batch's updates, in the caller's transaction: the replaced versions into article_revisions, the new
    /// content into articles, the new bylines and tags in place of the old.
    /// </summary>
    Task UpdateArticlesAsync(DbConnection connection, DbTransaction transaction, ArticleUpdateRows rows);
}
