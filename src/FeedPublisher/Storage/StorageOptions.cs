namespace FeedPublisher.Storage;

/// <summary>Bound to the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (one machine, no setup) or <c>postgres</c> (several instances on one database).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite: <c>Data Source=path</c>; PostgreSQL: an Npgsql connection string (Host, Database, Username, …).</summary>
    public string ConnectionString { get; set; } = "Data Source=data/feedpublisher.db";

    public bool UsesPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
