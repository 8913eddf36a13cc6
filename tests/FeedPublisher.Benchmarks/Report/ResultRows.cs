using System.Globalization;
using FeedPublisher.Benchmarks.Scenarios;

namespace FeedPublisher.Benchmarks.Report;

/// <summary>Turns each scenario's measurements into table rows, with the targets where the issue sets one.</summary>
internal static class ResultRows
{
    public static void Ingest(BenchReport report, int size, IReadOnlyList<IngestRun> runs, IReadOnlyList<TimeSpan> hugo50, IReadOnlyList<TimeSpan> hugoAll)
    {
        var scenario = $"2 bulk ingest {size:N0}";
        var atTarget = size == Targets.IngestSize;
        var wall = Summary.Of(runs.Select(r => r.Wall.TotalSeconds));
        var hugo = Summary.Of(hugo50.Select(t => t.TotalSeconds));
        var hugoUnlimited = Summary.Of(hugoAll.Select(t => t.TotalSeconds));
        report.Add(scenario, "wall time until stored and in the feed (s)", wall, "F2");
        report.Add(scenario, "articles per second", Summary.Of(runs.Select(r => r.ArticlesPerSecond)), "F0");
        report.Add(scenario, "service CPU (s)", Summary.Of(runs.Select(r => r.CpuSeconds)), "F1");
        report.Add(scenario, "service peak RSS (MB)", Summary.Of(runs.Select(r => r.PeakRssBytes / BenchReport.Megabyte)), "F0",
            atTarget ? Targets.IngestPeakRssMb : null);
        report.Add(scenario, "hugo build, 50 items (s)", hugo, "F2");
        report.Add(scenario, "hugo build, all items (s)", hugoUnlimited, "F2");
        report.Add(scenario, "ours / hugo 50 items (× time)", wall.Median / hugo.Median, "F2", runs.Count, atTarget ? Targets.IngestVsHugo : null);
        report.Add(scenario, "ours / hugo all items (× time)", wall.Median / hugoUnlimited.Median, "F2", runs.Count);
        var failed = runs.Sum(r => r.Failed);
        if (failed > 0)
            report.Notes.Add($"bulk ingest {size:N0}: {failed} file(s) went to inbox/failed; they count as done in the wall time.");
    }

    public static void CommandIngest(BenchReport report, int size, IReadOnlyList<CommandIngestRun> runs, IReadOnlyList<IngestRun> inbox)
    {
        var scenario = $"2b ingest command {size:N0}";
        var wall = Summary.Of(runs.Select(r => r.Wall.TotalSeconds));
        report.Add(scenario, "wall time, process start to exit (s)", wall, "F2");
        report.Add(scenario, "articles per second", Summary.Of(runs.Select(r => r.ArticlesPerSecond)), "F0");
        report.Add(scenario, "peak RSS (MB)", Summary.Of(runs.Select(r => r.PeakRssBytes / BenchReport.Megabyte)), "F0");
        report.Add(scenario, "command / inbox burst (× time)", wall.Median / Summary.Of(inbox.Select(r => r.Wall.TotalSeconds)).Median, "F2", runs.Count);
    }

    public static void Latency(BenchReport report, int stored, LatencySeries series)
    {
        var scenario = $"3 drop-to-feed, {Describe(series.Way)}";
        var renamed = series.Way != DropWay.PlainWrite;
        var ms = series.Milliseconds;
        if (series.Missing > 0)
            report.Notes.Add($"drop-to-feed ({Describe(series.Way)}): {series.Missing} probe(s) never showed up in the feed within the time limit.");
        if (ms.Count == 0)
            return;
        report.Add(scenario, $"p50 (ms), {stored:N0} stored", Summary.Percentile(ms, 50), "F0", ms.Count,
            renamed ? Targets.RenameP50Ms : Targets.CopyP50Ms(BenchSettings.SettleTime));
        report.Add(scenario, "p99 (ms)", Summary.Percentile(ms, 99), "F0", ms.Count, renamed ? Targets.RenameP99Ms : null);
        report.Add(scenario, "max (ms)", ms.Max(), "F0", ms.Count);
    }

    public static void CommandLatency(BenchReport report, int stored, CommandLatencySeries series)
    {
        if (series.Missing > 0)
            report.Notes.Add($"command to server: {series.Missing} change(s) never reached the served feed within 30 s.");
        foreach (var (name, ms) in new[] { ("ingest FILE", series.IngestMs), ("retract ID", series.RetractMs) })
        {
            if (ms.Count == 0)
                continue;
            var scenario = $"10 command to server, {name}";
            report.Add(scenario, $"p50 (ms), {stored:N0} stored", Summary.Percentile(ms, 50), "F0", ms.Count, Targets.CommandToServerMs);
            report.Add(scenario, "p99 (ms)", Summary.Percentile(ms, 99), "F0", ms.Count, Targets.CommandToServerMs);
            report.Add(scenario, "max (ms)", ms.Max(), "F0", ms.Count, Targets.CommandToServerMs);
        }
    }

    public static string Describe(DropWay way) => way switch
    {
        DropWay.RenameInInbox => "renamed in inbox",
        DropWay.MoveFromStaging => "moved from staging",
        _ => "plain write",
    };

    public static void Regeneration(BenchReport report, IReadOnlyList<RegenerationFigures> stores)
    {
        foreach (var figures in stores)
        {
            var scenario = $"4 regenerate, {figures.Stored:N0} stored";
            var atTarget = figures.Stored == Targets.RegenerationStore;
            report.Add(scenario, "unchanged (ms)", figures.Unchanged, "F1", atTarget ? Targets.RegenerationUnchangedMs : null);
            report.Add(scenario, "after a new article with three tags (ms)", figures.AfterNewArticle, "F1", atTarget ? Targets.RegenerationNewP50Ms : null);
            report.Add(scenario, "  its p99 (ms)", Summary.Percentile(figures.AfterNewSamples, 99), "F1", figures.AfterNewSamples.Count,
                atTarget ? Targets.RegenerationNewP99Ms : null);
            report.Add(scenario, "  complete archive pages rewritten per new article", (double)figures.ArchivePagesRewritten / figures.AfterNewSamples.Count,
                "F2", figures.AfterNewSamples.Count, atTarget ? Targets.ArchivePagesRewritten : null);
            report.Add(scenario, "  a changed tag feed's gzip + Brotli, on its first request (ms)", figures.FirstCompression, "F1");
            report.Add(scenario, "  of which query + model (ms)", figures.Parts.QueryAndModel, "F1");
            report.Add(scenario, "  of which render RSS + Atom (ms)", figures.Parts.RenderXml, "F1");
            report.Add(scenario, "  of which gzip + Brotli (ms)", figures.Parts.Compress, "F1");
            report.Add(scenario, "  of which write files, fsync (ms)", figures.Parts.WriteFiles, "F1");
            report.Add(scenario, $"UpsertAsync at {figures.Seeding.EarlyStoreSize:N0} stored (ms/article)", figures.Seeding.EarlyMsPerArticle, "F2", 1);
            if (figures.Stored > StoreSeeding.UpsertedArticles)
                report.Add(scenario, $"UpsertAsync at {figures.Stored:N0} stored (ms/article)", figures.Seeding.AtSizeMsPerArticle, "F2", 1);
        }
        if (stores.Count > 1)
        {
            var (small, large) = (stores[0], stores[^1]);
            var scenario = $"4 regenerate {large.Stored:N0} / {small.Stored:N0}";
            var atTarget = large.Stored == Targets.RegenerationStore;
            report.Add(scenario, "unchanged (× time)", large.Unchanged.Median / small.Unchanged.Median, "F2", large.Unchanged.Count,
                atTarget ? Targets.RegenerationVsSmallStore : null);
            report.Add(scenario, "after one new article (× time)", large.AfterNewArticle.Median / small.AfterNewArticle.Median, "F2",
                large.AfterNewArticle.Count, atTarget ? Targets.RegenerationVsSmallStore : null);
        }
    }

    public static void Serving(BenchReport report, IReadOnlyList<WrkRun> runs)
    {
        foreach (var group in runs.GroupBy(r => (r.Case, r.Setting, r.Feed)))
        {
            var ours = Summary.Of(group.Where(r => r.Target == "ours").Select(r => r.RequestsPerSecond));
            var nginx = Summary.Of(group.Where(r => r.Target == "nginx").Select(r => r.RequestsPerSecond));
            var ratio = ours.Median / nginx.Median;
            var target = group.Key.Case switch
            {
                "304" when group.Key.Feed == "site" => Targets.NotModifiedVsNginx,
                "gzip" when group.Key.Feed == "site" => Targets.GzipVsNginx,
                _ => null,
            };
            foreach (var server in new[] { "ours", "nginx" })
            {
                var mine = group.Where(r => r.Target == server).ToArray();
                var rps = server == "ours" ? ours : nginx;
                var perCpu = mine.Where(r => r.RequestsPerCpuSecond is not null).Select(r => r.RequestsPerCpuSecond!.Value).ToArray();
                report.Serving.Add(
                    group.Key.Feed == "site" ? CaseName(group.Key.Case) : $"{CaseName(group.Key.Case)}, {group.Key.Feed}", group.Key.Setting, server, rps.Median.ToString("F0"), rps.Range("F0"),
                    Summary.Of(mine.Select(r => r.P50Ms)).Median.ToString("F2"), Summary.Of(mine.Select(r => r.P99Ms)).Median.ToString("F2"),
                    Summary.Of(mine.Select(r => r.BytesPerResponse)).Median.ToString("F0"),
                    perCpu.Length > 0 ? Summary.Of(perCpu).Median.ToString("F0") : "",
                    server == "ours" ? ratio.ToString("F2") : "",
                    server == "ours" ? target?.Text ?? "" : "",
                    server == "ours" ? report.Verdict(target, ratio) : "");
            }
            var errors = group.Sum(r => r.Errors);
            if (errors > 0)
                report.Notes.Add($"serving {CaseName(group.Key.Case)} {group.Key.Setting}: wrk counted {errors} errors (connect, read, write, timeout or status ≥ 400).");
        }
    }

    /// <summary>
    /// Scenario 9: requests per second and CPU time per request with the accounting (the per-client records, the hourly
    /// counts, the limit's check, the metrics) against without it, for the 304s and gzip 200s of the site's RSS.
    /// </summary>
    public static void AccountingCost(BenchReport report, IReadOnlyList<WrkRun> accounted, IReadOnlyList<WrkRun> plain)
    {
        const string scenario = "9 accounting for /status";
        foreach (var group in accounted.Where(r => r.Target == "ours" && r.Case is "304" or "gzip").GroupBy(r => (r.Case, r.Setting)))
        {
            var without = plain.Where(r => r.Target == "ours" && r.Case == group.Key.Case && r.Setting == group.Key.Setting).ToArray();
            if (without.Length == 0)
                continue;
            var on = Summary.Of(group.Select(r => r.RequestsPerSecond));
            var off = Summary.Of(without.Select(r => r.RequestsPerSecond));
            var name = $"{CaseName(group.Key.Case)} {group.Key.Setting}";
            report.Add(scenario, $"{name}: req/s with it / without (× rate)", on.Median / off.Median, "F2", group.Count(), Targets.AccountingKeepsServing);
            var cpuOn = group.Where(r => r.CpuSeconds is > 0).Select(r => r.CpuSeconds!.Value / r.Requests * 1e6).ToArray();
            var cpuOff = without.Where(r => r.CpuSeconds is > 0).Select(r => r.CpuSeconds!.Value / r.Requests * 1e6).ToArray();
            if (cpuOn.Length > 0 && cpuOff.Length > 0)
            {
                report.Add(scenario, $"{name}: server CPU per request, with it (µs)", Summary.Of(cpuOn), "F1");
                report.Add(scenario, $"{name}: server CPU per request, without (µs)", Summary.Of(cpuOff), "F1");
                report.Add(scenario, $"{name}: what the accounting costs a request (µs of CPU)", Summary.Of(cpuOn).Median - Summary.Of(cpuOff).Median, "F2", cpuOn.Length);
            }
        }
    }

    public static void AccountingInProcess(BenchReport report, AccountingFigures figures)
    {
        const string scenario = "9 accounting for /status";
        report.Add(scenario, "per poll, in process, one thread (ns)", Summary.Of(figures.OneThreadNs), "F0");
        report.Add(scenario, "per poll, in process, two threads as one client (ns, per thread)", Summary.Of(figures.TwoThreadsNs), "F0");
        report.Add(scenario, "memory per tracked client-and-feed record (bytes)", figures.BytesPerRecord, "F0", 1);
    }

    /// <summary>What the serving figures mean for a publisher: readers one core can keep up to date.</summary>
    public static void PollersPerCore(BenchReport report, IReadOnlyList<WrkRun> runs, int maxAgeSeconds)
    {
        var perCpu = runs.Where(r => r.Target == "ours" && r.Case == "304" && r.RequestsPerCpuSecond is not null)
            .Select(r => r.RequestsPerCpuSecond!.Value).ToArray();
        if (perCpu.Length == 0)
            return;
        var perCore = Summary.Of(perCpu).Median;
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"one core of this machine answers about {perCore:N0} conditional polls (304) per CPU-second; at one poll per reader every {maxAgeSeconds} s (max-age), that is about {perCore * maxAgeSeconds / 1e6:F1} million readers per core."));
    }

    /// <summary>The service itself on the largest regeneration store: its start-up rebuild, its memory, a tag feed served from disk.</summary>
    public static void LargeStore(BenchReport report, LargeStoreFigures figures)
    {
        var scenario = $"7 service at {figures.Stored:N0} stored";
        report.Add(scenario, "start-up: every feed rebuilt, until idle (s)", figures.StartUpSeconds, "F1", 1);
        report.Add(scenario, "feeds served (site, tags, authors, archive pages)", figures.FeedsServed, "F0", 1);
        report.Add(scenario, "service peak RSS, start-up and serving (MB)", figures.PeakRssBytes / BenchReport.Megabyte, "F0", 1,
            figures.Stored == Targets.RegenerationStore ? Targets.LargeStoreServiceRssMb : null);
        report.Add(scenario, "service RSS afterwards (MB)", figures.RssAfterBytes / BenchReport.Megabyte, "F0", 1);
        Serving(report, figures.TagFeedServing);
    }

    /// <summary>Two instances on one PostgreSQL database, one shared inbox: ingest, drop-to-feed on each, serving from each.</summary>
    public static void SeveralInstances(BenchReport report, SeveralInstancesFigures figures)
    {
        var scenario = $"8 {Scenarios.SeveralInstances.Instances} instances, PostgreSQL";
        report.Add(scenario, $"ingest {figures.Articles:N0}, shared inbox: wall time until served by all (s)", figures.Wall.TotalSeconds, "F2", 1);
        report.Add(scenario, "  articles per second", figures.ArticlesPerSecond, "F0", 1);
        for (var i = 0; i < figures.PeakRssBytes.Count; i++)
            report.Add(scenario, $"  instance {i + 1} peak RSS (MB)", figures.PeakRssBytes[i] / BenchReport.Megabyte, "F0", 1);
        for (var i = 0; i < figures.DropToFeedMs.Count; i++)
        {
            var ms = figures.DropToFeedMs[i];
            if (ms.Count == 0)
                continue;
            report.Add(scenario, $"drop-to-feed on instance {i + 1}: p50 (ms)", Summary.Percentile(ms, 50), "F0", ms.Count);
            report.Add(scenario, $"drop-to-feed on instance {i + 1}: p99 (ms)", Summary.Percentile(ms, 99), "F0", ms.Count);
        }
        report.Add(scenario, "probes not served by an instance within 15 s", figures.Missing, "F0", 1);
        report.Add(scenario, "site feeds: same bytes, ETag and Last-Modified on every instance (1 = yes)", figures.SameFeeds ? 1 : 0, "F0", 1);
        Serving(report, figures.Serving);
    }

    public static void Memory(BenchReport report, IReadOnlyList<long> idleRss, long? latencyPeak, long? servingPeak, IReadOnlyList<RegenerationFigures> stores)
    {
        const string scenario = "6 memory";
        if (idleRss.Count > 0)
            report.Add(scenario, "service RSS idle after start-up (MB)", Summary.Of(idleRss.Select(b => b / BenchReport.Megabyte)), "F0", Targets.IdleRssMb);
        if (latencyPeak is { } latency)
            report.Add(scenario, "service peak RSS, drop-to-feed (MB)", latency / BenchReport.Megabyte, "F0", 1);
        if (servingPeak is { } serving)
            report.Add(scenario, "service peak RSS, serving (MB)", serving / BenchReport.Megabyte, "F0", 1);
        foreach (var figures in stores)
            report.Add(scenario, $"in-process peak RSS, regenerate {figures.Stored:N0} (MB)", figures.PeakRssBytes / BenchReport.Megabyte, "F0", 1);
    }

    private static string CaseName(string wrkCase) => wrkCase switch
    {
        "gzip" => "200 gzip",
        "304" => "304 If-None-Match",
        _ => "200 identity",
    };
}
