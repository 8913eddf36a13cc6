namespace FeedPublisher.Storage.Postgres;

/// <summary>
/// The advisory locks FeedPublisher takes, as (namespace, key) pairs: the namespace keeps them apart from any other
/// application's locks in the same database.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>"FPUB" in ASCII.</summary>
    public const int Namespace = 0x46505542;

    /// <summary>Held, for the session, by the instance that brings the schema up to date.</summary>
    public const int Migrations = 1;

    /// <summary>Held, for the transaction, by every write of articles: instances take turns on slugs, times and positions.</summary>
    public const int ArticleWrites = 2;

    /// <summary>Held, for the transaction, by the one regeneration running in the cluster.</summary>
    public const int Regeneration = 3;

    /// <summary>Held, for the session, by the one instance that watches a shared inbox.</summary>
    public const int InboxWatch = 4;
}
