using System.Diagnostics;
using System.Globalization;
using System.Text;
using FeedPublisher.Benchmarks.Corpus;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

internal sealed record SeveralInstancesFigures(
    int Articles, TimeSpan Wall, IReadOnlyList<long> PeakRssBytes, IReadOnlyList<IReadOnlyList<double>> DropToFeedMs, int Missing,
    IReadOnlyList<WrkRun> Serving, bool SameFeeds)
{
    public double ArticlesPerSecond => Articles / Wall.TotalSeconds;
}

/// <summary>
/// Scenario 8: two instances on one throw-away PostgreSQL server, with one shared inbox and one clustered schedule, as
/// a publisher with several machines runs them. The corpus through the shared inbox, timed until the inbox is empty and
/// both instances serve the newest article; then probes dropped one at a time, each timed until each instance serves
/// it; then each instance's site feed under wrk, as scenario 5 does for one.
/// </summary>
internal static class SeveralInstances
{
    public const int Instances = 2;
    private const string BaseUrl = "http://feeds.example.org/";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<SeveralInstancesFigures> RunAsync(BenchSettings settings, ArticleGenerator generator, string corpusFolder, string newestId,
        int probes, string runFolder, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(settings.RepositoryRoot, cancellationToken);
        var inbox = Path.Combine(runFolder, "shared", "inbox");
        var staging = Path.Combine(runFolder, "shared", "staging");
        Directory.CreateDirectory(inbox);
        Directory.CreateDirectory(staging);
        string[] common =
        [
            "--Storage:Provider=postgres", $"--Storage:ConnectionString={postgres.ConnectionString}", "--Inbox:Shared=true",
            $"--Inbox:Path={inbox}", $"--Inbox:ProcessedPath={inbox}/processed", $"--Inbox:FailedPath={inbox}/failed",
            $"--Site:BaseUrl={BaseUrl}", "--Scheduling:SchedulerName=bench-cluster",
        ];
        var instances = new List<ServiceProcess>();
        try
        {
            for (var i = 1; i <= Instances; i++)
                instances.Add(await ServiceProcess.StartAsync(settings.ServiceDll, Path.Combine(runFolder, $"instance-{i}"), cancellationToken, common, inbox));

            var files = Directory.GetFiles(corpusFolder).Order(StringComparer.Ordinal).ToArray();
            foreach (var file in files)
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
            foreach (var instance in instances)
            {
                await instance.WaitUntilIdleAsync(cancellationToken);
                instance.ResetPeak();
            }
            var clock = Stopwatch.StartNew();
            foreach (var file in files)
                File.Move(Path.Combine(staging, Path.GetFileName(file)), Path.Combine(inbox, Path.GetFileName(file)));
            await WaitUntilAllServeAsync(instances, [newestId], inbox, TimeSpan.FromSeconds(60) + files.Length * TimeSpan.FromMilliseconds(50), clock, cancellationToken);
            var wall = clock.Elapsed;
            var peaks = instances.Select(i => i.PeakRssBytes()).ToArray();
            progress($"several instances: {files.Length:N0} files through the shared inbox in {wall.TotalSeconds:F2} s ({files.Length / wall.TotalSeconds:F0}/s)");

            var (latencies, missing) = await DropToFeedAsync(instances, generator, probes, staging, inbox, cancellationToken);
            var same = await ServeTheSameAsync(instances, cancellationToken);
            var serving = new List<WrkRun>();
            for (var i = 0; i < instances.Count; i++)
            {
                progress($"several instances: serving from instance {i + 1}");
                await instances[i].WaitUntilIdleAsync(cancellationToken);
                serving.AddRange(await Serving.RunAsync(settings, instances[i], "feeds/rss.xml", $"PostgreSQL instance {i + 1} of {Instances}", 1, cancellationToken));
            }
            return new SeveralInstancesFigures(files.Length, wall, peaks, latencies, missing, serving, same);
        }
        finally
        {
            foreach (var instance in instances)
                await instance.DisposeAsync();
        }
    }

    /// <summary>Probes renamed into the shared inbox at the scenario 3 pace, each timed until each instance's feed lists it.</summary>
    private static async Task<(IReadOnlyList<IReadOnlyList<double>> Latencies, int Missing)> DropToFeedAsync(
        IReadOnlyList<ServiceProcess> instances, ArticleGenerator generator, int probes, string staging, string inbox, CancellationToken cancellationToken)
    {
        var latencies = instances.Select(_ => new List<double>()).ToArray();
        var missing = 0;
        var firstDate = DateTimeOffset.UtcNow.AddHours(-1);
        for (var k = 0; k < probes; k++)
        {
            var probe = generator.Generate(2_000_000 + k) with { Id = $"cluster-probe-{k:D3}" };
            var text = probe.ToExportText(firstDate.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var staged = Path.Combine(staging, probe.FileName);
            await File.WriteAllBytesAsync(staged, Utf8.GetBytes(text), cancellationToken);
            var pace = Task.Delay(BenchSettings.LatencyPace, cancellationToken);
            var dropped = Stopwatch.GetTimestamp();
            File.Move(staged, Path.Combine(inbox, probe.FileName));
            var pollers = instances.Select(i => new FeedPoller(i.Http, "feeds/atom.xml")).ToArray();
            var seen = new bool[instances.Count];
            while (seen.Contains(false) && Stopwatch.GetElapsedTime(dropped) < TimeSpan.FromSeconds(15))
            {
                for (var i = 0; i < instances.Count; i++)
                {
                    if (!seen[i] && await pollers[i].PollAsync(cancellationToken) is { } body && FeedPoller.Contains(body, probe.Id))
                    {
                        seen[i] = true;
                        latencies[i].Add(Stopwatch.GetElapsedTime(dropped).TotalMilliseconds);
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
            missing += seen.Count(s => !s);
            await pace;
        }
        return (latencies, missing);
    }

    /// <summary>Whether every instance answers the site's feeds with the same bytes and validators.</summary>
    private static async Task<bool> ServeTheSameAsync(IReadOnlyList<ServiceProcess> instances, CancellationToken cancellationToken)
    {
        foreach (var path in new[] { "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json" })
        {
            var answers = new List<(string Body, string? ETag, string? LastModified)>();
            foreach (var instance in instances)
            {
                using var response = await instance.Http.GetAsync(path, cancellationToken);
                answers.Add((await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.ETag?.Tag,
                    response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture)));
            }
            if (answers.Distinct().Count() != 1)
                return false;
        }
        return true;
    }

    private static async Task WaitUntilAllServeAsync(IReadOnlyList<ServiceProcess> instances, string[] ids, string inbox, TimeSpan limit, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var pollers = instances.Select(i => new FeedPoller(i.Http, "feeds/atom.xml")).ToArray();
        var serving = new bool[instances.Count];
        var inboxEmpty = false;
        while (serving.Contains(false) || !inboxEmpty)
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"several instances: not done after {limit.TotalSeconds:F0} s (serving: {string.Join(", ", serving)}, inbox empty: {inboxEmpty})");
            for (var i = 0; i < instances.Count; i++)
            {
                if (instances[i].ExitReport() is { } report)
                    throw new InvalidOperationException($"several instances: instance {i + 1}: {report}");
                if (!serving[i] && await pollers[i].PollAsync(cancellationToken) is { } body)
                    serving[i] = ids.All(id => FeedPoller.Contains(body, id));
            }
            if (!inboxEmpty)
                inboxEmpty = !Directory.EnumerateFiles(inbox).Any();
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
