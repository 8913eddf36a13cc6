namespace FeedPublisher.Feeds;

/// <summary>
/// One polling interval said three ways, all from <c>Feeds:MaxAgeSeconds</c>: HTTP's Cache-Control max-age, RSS's
/// &lt;ttl&gt; in minutes, and the Syndication module's sy:updatePeriod with sy:updateFrequency (times per period).
/// </summary>
public sealed record PollInterval(int Seconds)
{
    public const string SyndicationNamespace = "http://purl.org/rss/1.0/modules/syndication/";

    public int TtlMinutes => Seconds / 60;

    /// <summary>hourly for an interval of an hour or less, daily above it.</summary>
    public string UpdatePeriod => Seconds <= 3600 ? "hourly" : "daily";

    public int UpdateFrequency => (Seconds <= 3600 ? 3600 : 86400) / Seconds;

    /// <summary>Why the seconds cannot be said all three ways exactly, or null when they can.</summary>
    public static string? Problem(int seconds) =>
        seconds is < 60 or > 86400 ? $"Feeds:MaxAgeSeconds is {seconds}; it must be between 60 and 86400."
        : seconds % 60 != 0 ? $"Feeds:MaxAgeSeconds is {seconds}; it must be whole minutes, as RSS's <ttl> is in minutes."
        : (seconds <= 3600 ? 3600 : 86400) % seconds != 0
            ? $"Feeds:MaxAgeSeconds is {seconds}; it must divide an hour (such as 300, 900, 3600) or a day (such as 7200, 21600, 86400), as sy:updateFrequency counts times per hour or per day."
        : null;
}
