using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

/// <summary>A feed document with two entries, as FeedDocumentBuilder would build it from the store.</summary>
internal static class SampleFeed
{
    public static readonly Uri Site = new("http://127.0.0.1:5080/");
    public static readonly DateTimeOffset OlderPublished = new(2014, 6, 19, 8, 15, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NewerPublished = new(2014, 6, 20, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NewerUpdated = new(2014, 6, 21, 10, 30, 5, TimeSpan.Zero);

    public static FeedEntry Newer => new(
        "tag:127.0.0.1,2014-06-20:articles/harbour-strike",
        "Harbour workers stop the port",
        new Uri(Site, "articles/harbour-workers-stop-the-port"),
        ["Jane Doe", "John Roe"],
        NewerPublished,
        NewerUpdated,
        "Dock workers walked out on Thursday…",
        "<p>Dock workers walked out on <em>Thursday</em> &amp; the cranes stood idle.</p>\n<p>Second paragraph.</p>",
        ["labour"]);

    public static FeedEntry Older => new(
        "tag:127.0.0.1,2014-06-19:articles/three-authors",
        "Three reporters share one byline",
        new Uri(Site, "articles/three-reporters-share-one-byline"),
        ["Ann Lee"],
        OlderPublished,
        OlderPublished,
        "The three reporters filed this report.",
        "<p>The three reporters filed this report.</p>",
        []);

    public static FeedDocument Document => new(
        "FeedPublisher", "Articles published with FeedPublisher", Site, "en", NewerUpdated, [Newer, Older]);

    public static Uri SelfUri(string fileName) => new(Site, "feeds/" + fileName);
}
