using System.Diagnostics;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

internal sealed record LargeStoreFigures(
    int Stored, double StartUpSeconds, int FeedsServed, long PeakRssBytes, long RssAfterBytes, IReadOnlyList<WrkRun> TagFeedServing);

/// <summary>
/// Scenario 7: the service itself, started on the store the regeneration scenario left (1,000 tags, 200 authors and the
/// archive pages of every article). Timed until its start-up regeneration is done; its memory while it rebuilds and
/// serves every feed; then a tag's RSS, served from its file on disk, with wrk beside nginx like the site's.
/// </summary>
internal static class LargeStoreService
{
    public static async Task<LargeStoreFigures> RunAsync(BenchSettings settings, RegenerationFigures store, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var service = await ServiceProcess.StartAsync(settings.ServiceDll, store.Root, cancellationToken);
        await service.WaitUntilIdleAsync(cancellationToken);
        var startUp = clock.Elapsed.TotalSeconds;
        // Every feed is a file under feeds/ (the stored bodies in feeds/.served are the same bytes once more).
        var feedsFolder = Path.Combine(store.Root, "feeds");
        var served = Directory.EnumerateFiles(feedsFolder, "*", SearchOption.AllDirectories)
            .Count(path => !Path.GetRelativePath(feedsFolder, path).StartsWith('.'));
        var tag = await FirstTagFeedAsync(service, cancellationToken);
        var runs = await Serving.RunAsync(settings, service, tag, "tag feed from disk", serveRuns: 1, cancellationToken);
        return new LargeStoreFigures(store.Stored, startUp, served, service.PeakRssBytes(), service.RssBytes(), runs);
    }

    /// <summary>A tag's RSS as the index page links it: the first tag listed.</summary>
    private static async Task<string> FirstTagFeedAsync(ServiceProcess service, CancellationToken cancellationToken)
    {
        var index = await service.Http.GetStringAsync("", cancellationToken);
        var at = index.IndexOf("href=\"/tags/", StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidOperationException("large store: the index lists no tag");
        var start = at + "href=\"/".Length;
        var slugPath = index[start..index.IndexOf('"', start)];
        return $"{slugPath}/rss.xml";
    }
}
