using System.Text;
using FeedPublisher.Benchmarks.Corpus;
using FeedPublisher.Benchmarks.Processes;
using FeedPublisher.Benchmarks.Report;
using FeedPublisher.Benchmarks.Scenarios;

namespace FeedPublisher.Benchmarks;

/// <summary>
/// The scenarios in order, all in one temporary folder: ingest (with Hugo alongside) at each size; drop-to-feed latency
/// and serving on the service left holding the largest corpus; regeneration in this process; memory throughout.
/// </summary>
internal sealed class BenchmarkRun(BenchSettings settings, string work)
{
    private readonly BenchReport _report = new(settings.Smoke);
    private readonly ArticleGenerator _generator = new(BenchSettings.Seed);
    private readonly List<long> _idleRss = [];
    private readonly List<string> _serviceLogs = [];

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        if (settings.AccountingOnly)
        {
            ResultRows.AccountingInProcess(_report, AccountingInProcess.Run(rounds: 5, perRound: settings.Smoke ? 20_000 : 1_000_000));
            return _report;
        }
        if (settings.SeveralInstancesOnly)
        {
            await SeveralInstancesAsync(settings.IngestSizes[^1], cancellationToken);
            return _report;
        }
        if (settings.RegenerationOnly)
        {
            var stores = await RegenerateAsync(cancellationToken);
            ResultRows.Memory(_report, _idleRss, null, null, stores);
            await LargeStoreAsync(stores[^1], cancellationToken);
            return _report;
        }
        ServiceProcess? loaded = null;
        try
        {
            foreach (var size in settings.IngestSizes)
            {
                if (loaded is not null)
                    await loaded.DisposeAsync();
                loaded = await IngestAsync(size, cancellationToken);
            }
            if (settings.IngestOnly)
            {
                ResultRows.Memory(_report, _idleRss, null, null, []);
                ReadServiceLogs();
                return _report;
            }
            var stored = settings.IngestSizes[^1];
            if (settings.LatencyOnly)
            {
                await DropToFeedAsync(loaded!, stored, cancellationToken);
                await CommandToServerAsync(loaded!, stored, cancellationToken);
                ReadServiceLogs();
                return _report;
            }
            long? latencyPeak = settings.ServingOnly ? null : await DropToFeedAsync(loaded!, stored, cancellationToken);
            if (!settings.ServingOnly)
                await CommandToServerAsync(loaded!, stored, cancellationToken);
            var (servingPeak, accounted) = await ServeAsync(loaded!, cancellationToken);
            var contentRoot = loaded!.ContentRoot;
            await loaded!.DisposeAsync();
            loaded = null;
            await AccountingCostAsync(contentRoot, accounted, cancellationToken);
            if (settings.ServingOnly)
            {
                ResultRows.Memory(_report, _idleRss, null, servingPeak, []);
                return _report;
            }
            await SeveralInstancesAsync(stored, cancellationToken);

            var regenerations = await RegenerateAsync(cancellationToken);
            ResultRows.Memory(_report, _idleRss, latencyPeak, servingPeak, regenerations);
            await LargeStoreAsync(regenerations[^1], cancellationToken);
        }
        finally
        {
            if (loaded is not null)
                await loaded.DisposeAsync();
        }
        ReadServiceLogs();
        return _report;
    }

    /// <summary>Scenarios 1 and 2: the corpus, then each run's ingest into a fresh service and both Hugo builds.</summary>
    /// <returns>The last run's service, still holding the corpus.</returns>
    private async Task<ServiceProcess> IngestAsync(int size, CancellationToken cancellationToken)
    {
        Progress($"corpus of {size:N0} articles (seed {BenchSettings.Seed}), as inbox files and as a Hugo site");
        var articles = CorpusFiles.Generate(_generator, size);
        var corpus = Path.Combine(work, $"corpus-{size}");
        var site = Path.Combine(work, $"hugo-{size}");
        CorpusFiles.WriteExports(corpus, articles);
        CorpusFiles.WriteHugoSite(site, Path.Combine(settings.ScriptsFolder, "hugo"), articles);
        _report.Notes.Add($"corpus {size:N0}: {articles.Average(a => Encoding.UTF8.GetByteCount(a.ToExportText())) / 1000:F1} KB per article on average.");

        var runs = new List<IngestRun>();
        List<TimeSpan> hugo50 = [], hugoAll = [];
        ServiceProcess? service = null;
        try
        {
            for (var run = 1; run <= settings.IngestRuns; run++)
            {
                if (service is not null)
                    await service.DisposeAsync();
                service = null;
                var (result, started) = await BulkIngest.RunAsync(settings, corpus, articles[^1].Id, Path.Combine(work, $"ingest-{size}-{run}"), cancellationToken);
                service = started;
                _serviceLogs.Add(service.LogPath);
                _idleRss.Add(result.IdleRssBytes);
                runs.Add(result);
                // A regeneration asked for during the ingest may still be running; Hugo gets the machine to itself.
                await service.WaitUntilIdleAsync(cancellationToken);
                hugo50.Add(await HugoBuild.RunAsync(site, HugoBuild.FiftyItems, Math.Min(50, size), cancellationToken));
                hugoAll.Add(await HugoBuild.RunAsync(site, HugoBuild.Unlimited, size, cancellationToken));
                Progress($"ingest {size:N0}, run {run}: {result.Wall.TotalSeconds:F2} s ({result.ArticlesPerSecond:F0}/s); " +
                    $"hugo {hugo50[^1].TotalSeconds:F2} s (50 items), {hugoAll[^1].TotalSeconds:F2} s (all)");
            }
        }
        catch
        {
            if (service is not null)
                await service.DisposeAsync();
            throw;
        }
        ResultRows.Ingest(_report, size, runs, hugo50, hugoAll);
        // The same files through the command line, beside the inbox burst.
        var commandRuns = new List<CommandIngestRun>();
        for (var run = 1; run <= settings.IngestRuns; run++)
        {
            commandRuns.Add(await CommandIngest.RunAsync(settings, corpus, size, Path.Combine(work, $"command-{size}-{run}"), cancellationToken));
            Progress($"ingest command {size:N0}, run {run}: {commandRuns[^1].Wall.TotalSeconds:F2} s ({commandRuns[^1].ArticlesPerSecond:F0}/s)");
        }
        ResultRows.CommandIngest(_report, size, commandRuns, runs);
        return service!;
    }

    /// <summary>Scenario 3, one series per way of dropping a file. Returns the service's peak RSS during it.</summary>
    private async Task<long> DropToFeedAsync(ServiceProcess service, int stored, CancellationToken cancellationToken)
    {
        await service.WaitUntilIdleAsync(cancellationToken);
        service.ResetPeak();
        // Newer than every stored article, and in the past: an article dated ahead of the clock is held until then.
        var firstDate = DateTimeOffset.UtcNow.AddHours(-1);
        var ways = Enum.GetValues<DropWay>();
        for (var i = 0; i < ways.Length; i++)
        {
            Progress($"drop-to-feed, {ResultRows.Describe(ways[i])}: {settings.LatencySamples} articles, one every {BenchSettings.LatencyPace.TotalMilliseconds:F0} ms");
            var series = await DropLatency.RunAsync(service, _generator, ways[i], settings.LatencySamples,
                firstDate.AddSeconds(i * settings.LatencySamples), work, cancellationToken);
            if (series.Milliseconds.Count > 0)
                Progress($"  p50 {Summary.Percentile(series.Milliseconds, 50):F0} ms, max {series.Milliseconds.Max():F0} ms, {series.Missing} missing");
            ResultRows.Latency(_report, stored, series);
        }
        return service.PeakRssBytes();
    }

    /// <summary>Scenario 10: commands beside the running service, each timed until the served feed shows its change.</summary>
    private async Task CommandToServerAsync(ServiceProcess service, int stored, CancellationToken cancellationToken)
    {
        await service.WaitUntilIdleAsync(cancellationToken);
        Progress($"command to server: {settings.CommandLatencyRounds} rounds of ingest FILE and retract ID beside the running service");
        // Newer than every stored article and every drop-to-feed probe, and in the past (a future date is held).
        var series = await CommandLatency.RunAsync(settings, service, _generator, settings.CommandLatencyRounds,
            DateTimeOffset.UtcNow.AddMinutes(-5), work, cancellationToken);
        if (series.IngestMs.Count > 0 && series.RetractMs.Count > 0)
            Progress($"  ingest p50 {Summary.Percentile(series.IngestMs, 50):F0} ms, max {series.IngestMs.Max():F0} ms; " +
                $"retract p50 {Summary.Percentile(series.RetractMs, 50):F0} ms, max {series.RetractMs.Max():F0} ms; {series.Missing} missing");
        ResultRows.CommandLatency(_report, stored, series);
    }

    /// <summary>
    /// Scenario 9: the same store served again with the accounting for /status and the limit switched off
    /// (Status:Enabled=false), beside scenario 5's figures with it on: what it costs a request.
    /// </summary>
    private async Task AccountingCostAsync(string contentRoot, IReadOnlyList<WrkRun> accounted, CancellationToken cancellationToken)
    {
        Progress("accounting cost: the same store served with Status:Enabled=false");
        await using var service = await ServiceProcess.StartAsync(settings.ServiceDll, contentRoot, cancellationToken, ["--Status:Enabled=false"]);
        await service.WaitUntilIdleAsync(cancellationToken);
        var plain = await Serving.RunAsync(settings, service, "feeds/rss.xml", "site, no accounting", settings.ServeRuns, cancellationToken);
        ResultRows.Serving(_report, plain);
        ResultRows.AccountingCost(_report, accounted, plain);
        var inProcess = AccountingInProcess.Run(rounds: settings.Smoke ? 2 : 5, perRound: settings.Smoke ? 20_000 : 1_000_000);
        ResultRows.AccountingInProcess(_report, inProcess);
    }

    /// <summary>Scenario 5. Returns the service's peak RSS during it, and its runs.</summary>
    private async Task<(long PeakRss, IReadOnlyList<WrkRun> Runs)> ServeAsync(ServiceProcess service, CancellationToken cancellationToken)
    {
        Progress($"serving: wrk, {settings.ServeSeconds} s per run, {settings.ServeRuns} run(s), ours and nginx");
        await service.WaitUntilIdleAsync(cancellationToken);
        service.ResetPeak();
        var runs = await Serving.RunAsync(settings, service, cancellationToken);
        ResultRows.Serving(_report, runs);
        ResultRows.PollersPerCore(_report, runs, maxAgeSeconds: 300);
        return (service.PeakRssBytes(), runs);
    }

    /// <summary>Scenario 8: the largest corpus again, through two instances on PostgreSQL.</summary>
    private async Task SeveralInstancesAsync(int size, CancellationToken cancellationToken)
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        var articles = CorpusFiles.Generate(_generator, size);
        if (!Directory.Exists(corpus))
            CorpusFiles.WriteExports(corpus, articles);
        Progress($"several instances: {SeveralInstances.Instances} on PostgreSQL, {size:N0} files through one shared inbox");
        var figures = await SeveralInstances.RunAsync(settings, _generator, corpus, articles[^1].Id, settings.LatencySamples,
            Path.Combine(work, "several-instances"), Progress, cancellationToken);
        ResultRows.SeveralInstances(_report, figures);
    }

    /// <summary>Scenario 4, in this process.</summary>
    private async Task<IReadOnlyList<RegenerationFigures>> RegenerateAsync(CancellationToken cancellationToken)
    {
        var figures = new List<RegenerationFigures>();
        foreach (var storeSize in settings.RegenerationStores)
        {
            Progress($"regeneration: seeding {storeSize:N0} articles, then {settings.RegenerationRuns} timed runs each way");
            figures.Add(await Regeneration.RunAsync(_generator, storeSize, settings.RegenerationRuns, work, Progress, cancellationToken));
        }
        ResultRows.Regeneration(_report, figures);
        return figures;
    }

    /// <summary>Scenario 7, on the store scenario 4 left.</summary>
    private async Task LargeStoreAsync(RegenerationFigures store, CancellationToken cancellationToken)
    {
        Progress($"service on the {store.Stored:N0} stored: start-up, memory, a tag feed served from disk");
        ResultRows.LargeStore(_report, await LargeStoreService.RunAsync(settings, store, cancellationToken));
    }

    private void ReadServiceLogs()
    {
        var problems = ServiceLog.Problems(_serviceLogs).ToArray();
        _report.Notes.Add(problems.Length == 0
            ? $"service logs ({_serviceLogs.Count} runs): no warnings or errors."
            : $"service logs ({_serviceLogs.Count} runs): {problems.Sum(p => p.Count)} warning/error line(s):");
        foreach (var (message, count) in problems.Take(10))
            _report.Notes.Add($"  {count}× {message}");
        if (_serviceLogs.Count > 0 && ServiceLog.BatchCost(_serviceLogs[^1]) is var (parse, store, batches))
            _report.Notes.Add($"ingest batches in the last ingest run ({batches}): {parse:F2} ms per file to read and parse (on every core), " +
                $"{store:F2} ms to store and move (one writer), overlapping.");
    }

    private static void Progress(string message) => Console.WriteLine($"bench: {message}");
}
