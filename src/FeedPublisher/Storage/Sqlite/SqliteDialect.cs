namespace FeedPublisher.Storage.Sqlite;

/// <summary>SQLite: Dapper expands list parameters, booleans are integers, instants are sortable UTC text.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public string InList(string column, string parameter) => $"{column} IN {parameter}";

    // SQLite compares text with the BINARY collation unless told otherwise: byte order already.
    public string BetweenExclusive(string column, string low, string high) => $"{column} > {low} AND {column} < {high}";

    public string JoinLeftFirst => "CROSS JOIN";

    public string Unindexed(string column) => $"+{column}";

    public string False => "0";

    public object Instant(DateTimeOffset value) => DateTimeOffsetTextHandler.ToText(value);

    public DateTimeOffset ReadInstant(object value) => DateTimeOffsetTextHandler.ParseText((string)value);
}
