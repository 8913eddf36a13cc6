using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using FeedPublisher.Feeds;
using FeedPublisher.Metrics;
using FeedPublisher.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FeedPublisher.Benchmarks.Scenarios;

internal sealed record AccountingFigures(IReadOnlyList<double> OneThreadNs, IReadOnlyList<double> TwoThreadsNs, double BytesPerRecord);

/// <summary>
/// Scenario 9, in this process: what the feed endpoint adds to each poll for /status and /metrics (the client's
/// record, the feed's hourly counts, the instrument, with OpenTelemetry listening), without the network's noise; and
/// the memory of one tracked client-and-feed record.
/// </summary>
internal static class AccountingInProcess
{
    private const string Path = "/feeds/rss.xml";
    private const string ETag = "\"0123456789abcdef0123456789abcdef\"";
    private const string LastModified = "Tue, 01 Dec 2026 00:00:00 GMT";

    public static AccountingFigures Run(int rounds, int perRound)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(FeedPublisherMetrics.MeterName).AddPrometheusExporter());
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<MeterProvider>();
        var metrics = new FeedPublisherMetrics(provider.GetRequiredService<IMeterFactory>());
        var pollers = NewPollers(1_000_000);
        var address = IPAddress.Parse("192.0.2.10");
        const string agent = "NetNewsWire (RSS Reader; https://netnewswire.com/)";

        var one = new List<double>();
        var two = new List<double>();
        Poll(pollers, metrics, address, agent, perRound);
        for (var round = 0; round < rounds; round++)
        {
            one.Add(Time(() => Poll(pollers, metrics, address, agent, perRound)) / perRound);
            // Two cores polling as one client: the record's counters shared between them.
            two.Add(Time(() => Parallel.Invoke(
                () => Poll(pollers, metrics, address, agent, perRound),
                () => Poll(pollers, metrics, address, agent, perRound))) / perRound);
        }

        const int records = 20_000;
        var fresh = NewPollers(records * 2);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < records; i++)
            fresh.Polled(Path, address, $"Reader/{i}", null, null, fresh.Now);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(fresh);
        // The User-Agent strings are the requests' own, not the record's: counted out.
        var agents = records * (20 + 2 * "Reader/10000".Length);
        return new AccountingFigures(one, two, (after - before - agents) / (double)records);
    }

    private static Pollers NewPollers(int max) =>
        new(Options.Create(new PollingOptions { MaxTrackedPollers = max }), Options.Create(new FeedsOptions()), TimeProvider.System,
            NullLogger<Pollers>.Instance);

    private static void Poll(Pollers pollers, FeedPublisherMetrics metrics, IPAddress address, string agent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var now = pollers.Now;
            var record = pollers.Polled(Path, address, agent, ETag, null, now);
            var traffic = pollers.TrafficOf(Path);
            record.AnsweredNotModified(ETag, LastModified);
            traffic.Count(now, notModified: true, limited: false, bytes: 0);
            metrics.FeedAnswered(FeedKind.Of(Path), 304);
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalNanoseconds;
    }
}
