using System.Collections.Concurrent;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using Microsoft.Extensions.Options;

namespace FeedPublisher.WebSub;

/// <summary>
/// The HTTP Link header of a subscription feed when hubs are configured (WebSub §4): each hub as rel="hub" and the
/// feed's one URL as rel="self", the same URL the hubs are pinged with. Made once per feed path.
/// </summary>
public sealed class HubLinks
{
    private readonly IReadOnlyList<Uri> _hubs;
    private readonly SiteUrls _site;
    private readonly ConcurrentDictionary<string, string> _headers = new(StringComparer.Ordinal);

    public HubLinks(IOptions<FeedsOptions> options, SiteUrls site)
    {
        _hubs = options.Value.HubUris;
        _site = site;
    }

    public IReadOnlyList<Uri> Hubs => _hubs;

    /// <summary>The topic URL of the feed served at a path: its rel="self".</summary>
    public Uri Topic(string urlPath) => _site.Absolute(urlPath);

    /// <summary>The Link header for the feed at this path, or null without hubs or for an archive page (not a topic).</summary>
    public string? HeaderFor(string urlPath)
    {
        if (_hubs.Count == 0 || !IsTopic(urlPath))
            return null;
        return _headers.GetOrAdd(urlPath, path =>
            string.Join(", ", _hubs.Select(hub => $"<{hub.AbsoluteUri}>; rel=\"hub\"").Append($"<{Topic(path).AbsoluteUri}>; rel=\"self\"")));
    }

    /// <summary>Subscription feeds are topics; archive pages, which advertise no hub, are not.</summary>
    public static bool IsTopic(string urlPath) => !urlPath.StartsWith(SiteUrls.FeedsPrefix + "archive/", StringComparison.Ordinal);
}
