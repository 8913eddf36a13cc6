using System.Data;
using System.Globalization;
using Dapper;

namespace FeedPublisher.Storage;

/// <summary>
/// Instants are stored as fixed-width UTC ISO 8601 text, which sorts correctly as text and parses back exactly.
/// Dapper hands DateTimeOffset parameters straight to the provider, so the store formats them with <see cref="ToText"/>;
/// this handler reads them back.
/// </summary>
public sealed class DateTimeOffsetTextHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
    }

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = ToText(value);
    }

    public override DateTimeOffset Parse(object value) => ParseText((string)value);

    public static DateTimeOffset ParseText(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
