using FeedPublisher.Site;

namespace FeedPublisher.Metrics;

/// <summary>What a feed path is, for metrics and the status page: its scope kind and format, as fixed strings.</summary>
public readonly record struct FeedKind(string Scope, string Format)
{
    private static readonly string ArchivePrefix = SiteUrls.FeedsPrefix + "archive/";

    public static FeedKind Of(string urlPath)
    {
        var scope = urlPath.StartsWith(SiteUrls.TagsPrefix, StringComparison.Ordinal) ? "tag"
            : urlPath.StartsWith(SiteUrls.AuthorsPrefix, StringComparison.Ordinal) ? "author"
            : urlPath.StartsWith(ArchivePrefix, StringComparison.Ordinal) ? "archive"
            : "site";
        var format = urlPath.EndsWith(".json", StringComparison.Ordinal) ? "json"
            : urlPath.EndsWith("atom.xml", StringComparison.Ordinal) ? "atom"
            : "rss";
        return new FeedKind(scope, format);
    }
}
