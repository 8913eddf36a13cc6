using System.Data;
using System.Globalization;
using Dapper;

namespace FeedPublisher.Storage.Sqlite;

/// <summary>
/// Instants are stored as fixed-width UTC ISO 8601 text, which sorts correctly as text and parses back exactly.
/// Dapper hands DateTimeOffset parameters straight to the provider, so the store formats them with <see cref="ToText"/>
/// (through <see cref="SqliteDialect.Instant"/>); this handler, registered once by AddStorage, reads them back.
/// </summary>
public sealed class DateTimeOffsetTextHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = ToText(value);
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        string text => ParseText(text),
        DateTimeOffset instant => instant,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"storage: cannot read an instant from a {value.GetType().Name}"),
    };

    public static DateTimeOffset ParseText(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
