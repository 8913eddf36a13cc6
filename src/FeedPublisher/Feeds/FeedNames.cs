namespace FeedPublisher.Feeds;

/// <summary>Namespaces, element names and generator details, in one place.</summary>
public static class FeedNames
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    public const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    public const string MediaNamespace = "http://search.yahoo.com/mrss/";
    public const string HistoryNamespace = "http://purl.org/syndication/history/1.0";
    public const string TombstonesNamespace = "http://purl.org/atompub/tombstones/1.0";
    public const string HistoryArchive = "archive";
    public const string PrevArchive = "prev-archive";
    public const string NextArchive = "next-archive";
    public const string Current = "current";
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    public const string ContentEncoded = "encoded";
    public const string DcCreator = "creator";
    public const string MediaContent = "content";
    public const string MediaDescription = "description";
    public const string RssPubDate = "pubDate";
    public const string RssLastBuildDate = "lastBuildDate";
    public const string RssTtl = "ttl";
    public const string Hub = "hub";

    public const string Generator = "FeedPublisher";
    public static readonly string GeneratorVersion =
        typeof(FeedNames).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
