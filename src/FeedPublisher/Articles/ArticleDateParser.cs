using System.Globalization;

namespace FeedPublisher.Articles;

/// <summary>
/// Reads the dates editors and CMS exports write: "20 June 2014", "June 20, 2014", "2014-06-20", ISO 8601 with time
/// and offset, and RFC 1123. A date without a time is midnight in the site's time zone.
/// </summary>
public static class ArticleDateParser
{
    public const int MinYear = 1900;
    public const int MaxYear = 2999;

    private static readonly string[] DateOnlyFormats =
    [
        "d MMMM yyyy", "d MMM yyyy", "dd MMMM yyyy", "dd MMM yyyy",
        "MMMM d, yyyy", "MMM d, yyyy", "MMMM d yyyy", "MMM d yyyy",
        "dddd, d MMMM yyyy", "dddd, MMMM d, yyyy", "ddd, d MMM yyyy",
        "yyyy-MM-dd", "yyyy/MM/dd",
    ];

    private static readonly string[] DateTimeWithOffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK",
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'GMT'",
        "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz",
        "dd MMM yyyy HH:mm:ss 'GMT'", "dd MMM yyyy HH:mm:ss zzz",
    ];

    private static readonly string[] LocalDateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    ];

    /// <summary>Parses a date line; false when the text is not a date at all.</summary>
    /// <exception cref="ArticleParseException">The text is a date but outside the years a feed can sensibly carry.</exception>
    public static bool TryParse(string text, TimeZoneInfo siteZone, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        // Every accepted form has a day and a year in digits: a byline is rejected here, before 30 format attempts.
        if (text.Length is < 8 or > 64 || !text.AsSpan().ContainsAnyInRange('0', '9'))
            return false;
        // RFC 822 numeric zones (+0000) are not what .NET's zzz expects (+00:00).
        var normalized = NormalizeNumericZone(text);
        var culture = CultureInfo.InvariantCulture;

        if (DateTimeOffset.TryParseExact(normalized, DateTimeWithOffsetFormats, culture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var withOffset))
            value = withOffset;
        else if (DateTime.TryParseExact(text, LocalDateTimeFormats, culture, DateTimeStyles.AllowWhiteSpaces, out var local))
            value = InZone(local, siteZone);
        else if (DateTime.TryParseExact(text, DateOnlyFormats, culture, DateTimeStyles.AllowWhiteSpaces, out var date))
            value = InZone(date.Date, siteZone);
        else
            return false;

        if (value.Year is < MinYear or > MaxYear)
            throw new ArticleParseException(
                $"the date '{text}' is out of range; use a year between {MinYear} and {MaxYear}.");
        return true;
    }

    private static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A wall-clock time skipped by a daylight-saving jump has no offset; the hour after it is what clocks showed.
        if (zone.IsInvalidTime(unspecified))
            unspecified = unspecified.AddHours(1);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    private static string NormalizeNumericZone(string text)
    {
        // "... 10:00:00 +0200" -> "... 10:00:00 +02:00"
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-')
            && char.IsAsciiDigit(text[^4]) && char.IsAsciiDigit(text[^3]) && char.IsAsciiDigit(text[^2]) && char.IsAsciiDigit(text[^1])
            && text[^6] == ' ')
            return string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        return text;
    }
}
