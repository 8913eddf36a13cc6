using System.Diagnostics;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

internal sealed record IngestRun(int Articles, TimeSpan Wall, double CpuSeconds, long PeakRssBytes, long IdleRssBytes, int Failed)
{
    public double ArticlesPerSecond => Articles / Wall.TotalSeconds;
}

/// <summary>
/// Scenario 2: a fresh service, then N files renamed into its inbox at once. Timed until every file has left the inbox
/// (stored, then moved to processed/) and the served Atom feed lists the newest article.
/// </summary>
internal static class BulkIngest
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <returns>The run's figures and the service, still running with the N articles stored; the caller disposes it.</returns>
    public static async Task<(IngestRun Run, ServiceProcess Service)> RunAsync(
        BenchSettings settings, string corpusFolder, string newestId, string runFolder, CancellationToken cancellationToken)
    {
        // Staged on the same file system as the inbox, so each File.Move is a rename.
        var staging = Path.Combine(runFolder, "staging");
        Directory.CreateDirectory(staging);
        var files = Directory.GetFiles(corpusFolder).Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));

        var service = await ServiceProcess.StartAsync(settings.ServiceDll, Path.Combine(runFolder, "root"), cancellationToken);
        try
        {
            await service.WaitUntilIdleAsync(cancellationToken);
            var idleRss = service.RssBytes();
            service.ResetPeak();
            var cpuBefore = service.CpuSeconds();
            var clock = Stopwatch.StartNew();
            foreach (var file in files)
                File.Move(Path.Combine(staging, Path.GetFileName(file)), Path.Combine(service.Inbox, Path.GetFileName(file)));
            try
            {
                await WaitUntilPublishedAsync(service, newestId, TimeSpan.FromSeconds(60) + files.Length * TimeSpan.FromMilliseconds(50), clock, cancellationToken);
            }
            catch (HttpRequestException ex) when (service.ExitReport() is { } report)
            {
                throw new InvalidOperationException($"bulk ingest: {report}", ex);
            }
            var wall = clock.Elapsed;
            var run = new IngestRun(files.Length, wall, service.CpuSeconds() - cpuBefore, service.PeakRssBytes(), idleRss,
                Failed: Directory.GetFiles(Path.Combine(service.Inbox, "failed"), "*.txt").Count(f => !f.EndsWith(".error.txt", StringComparison.Ordinal)));
            return (run, service);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilPublishedAsync(
        ServiceProcess service, string newestId, TimeSpan limit, Stopwatch clock, CancellationToken cancellationToken)
    {
        var feed = new FeedPoller(service.Http, "feeds/atom.xml");
        var feedHasNewest = false;
        var inboxEmpty = false;
        while (!(feedHasNewest && inboxEmpty))
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException(
                    $"bulk ingest: not done after {limit.TotalSeconds:F0} s (feed has the newest: {feedHasNewest}, inbox empty: {inboxEmpty}); see {service.LogPath}");
            if (!feedHasNewest && await feed.PollAsync(cancellationToken) is { } body)
                feedHasNewest = FeedPoller.Contains(body, newestId);
            // A file leaves the inbox only after its article is committed to the database.
            if (!inboxEmpty)
                inboxEmpty = !Directory.EnumerateFiles(service.Inbox).Any();
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
