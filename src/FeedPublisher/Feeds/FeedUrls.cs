using FeedPublisher.Site;

namespace FeedPublisher.Feeds;

/// <summary>
/// Where each feed lives, built on the site's URL layout (<see cref="SiteUrls"/>): the site's at <c>/feeds/{file}</c>,
/// a tag's at <c>/tags/{slug}/{file}</c>, an author's at <c>/authors/{slug}/{file}</c>, archive page n at
/// <c>/feeds/archive/{n}/{file}</c>; on disk the same below the feeds folder (<c>{file}</c>, <c>tags/{slug}/{file}</c>,
/// <c>authors/{slug}/{file}</c>, <c>archive/{n}/{file}</c>).
/// </summary>
public sealed class FeedUrls(SiteUrls site)
{
    public static string UrlPath(FeedScope scope, string fileName) => scope.Kind switch
    {
        FeedScopeKind.Tag => $"{SiteUrls.TagPath(scope.Slug)}/{fileName}",
        FeedScopeKind.Author => $"{SiteUrls.AuthorPath(scope.Slug)}/{fileName}",
        FeedScopeKind.Archive => SiteUrls.FeedPath($"archive/{scope.Page}/{fileName}"),
        _ => SiteUrls.FeedPath(fileName),
    };

    public static string DiskPath(FeedScope scope, string fileName) => scope.Kind switch
    {
        FeedScopeKind.Tag => $"tags/{scope.Slug}/{fileName}",
        FeedScopeKind.Author => $"authors/{scope.Slug}/{fileName}",
        FeedScopeKind.Archive => $"archive/{scope.Page}/{fileName}",
        _ => fileName,
    };

    /// <summary>The path below the feeds folder of the feed served at <paramref name="urlPath"/> (the inverse of the two above).</summary>
    public static string DiskPathOf(string urlPath)
    {
        string relative = urlPath.StartsWith(SiteUrls.FeedsPrefix, StringComparison.Ordinal) ? urlPath[SiteUrls.FeedsPrefix.Length..]
            : urlPath.StartsWith(SiteUrls.TagsPrefix, StringComparison.Ordinal) ? "tags/" + urlPath[SiteUrls.TagsPrefix.Length..]
            : urlPath.StartsWith(SiteUrls.AuthorsPrefix, StringComparison.Ordinal) ? "authors/" + urlPath[SiteUrls.AuthorsPrefix.Length..]
            : throw new ArgumentException($"feeds: {urlPath} is not a feed's path", nameof(urlPath));
        var name = Path.GetFileName(relative);
        return Path.Combine(Uri.UnescapeDataString(Path.GetDirectoryName(relative) ?? ""), name);
    }

    /// <summary>The feed's own absolute URL: its rel="self", its JSON Feed feed_url.</summary>
    public Uri FeedUri(FeedScope scope, string fileName) => site.Absolute(UrlPath(scope, fileName));

    /// <summary>The page for people that the feed is about: the site's index, or the tag's or author's page.</summary>
    public Uri PageUri(FeedScope scope) => scope.Kind switch
    {
        FeedScopeKind.Tag => site.Absolute(SiteUrls.TagPath(scope.Slug)),
        FeedScopeKind.Author => site.Absolute(SiteUrls.AuthorPath(scope.Slug)),
        _ => site.BaseUri,
    };
}
