namespace FeedPublisher.Site;

/// <summary>What the feeds say about the site that publishes them. Bound to the <c>Site</c> section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string Title { get; set; } = "FeedPublisher";
    public string Description { get; set; } = "Articles published with FeedPublisher";
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080/";
    public string Language { get; set; } = "en";
    public string TimeZone { get; set; } = "UTC";

    /// <summary><see cref="BaseUrl"/> as a URI that always ends with a slash, so relative paths append to it.</summary>
    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
