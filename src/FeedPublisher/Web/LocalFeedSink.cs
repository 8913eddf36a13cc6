using FeedPublisher.Feeds;
using FeedPublisher.WebSub;

namespace FeedPublisher.Web;

/// <summary>
/// On one instance, a regeneration's feeds go straight into the served set, and the ones whose bytes changed are
/// announced to the WebSub hubs. (With several instances, Cluster/ClusterFeedLoader does both.)
/// </summary>
public sealed class LocalFeedSink(ServedFeeds served, HubNotifier hubs) : IFeedSink
{
    public void Publish(IReadOnlyList<FeedFile> feeds, IReadOnlyCollection<string> removed, bool replaceAll) =>
        hubs.Announce(served.Swap(feeds, removed, replaceAll));
}
