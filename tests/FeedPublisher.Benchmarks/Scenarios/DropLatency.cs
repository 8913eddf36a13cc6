using System.Diagnostics;
using System.Globalization;
using System.Text;
using FeedPublisher.Benchmarks.Corpus;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <summary>How a probe article gets into the inbox.</summary>
internal enum DropWay
{
    /// <summary>Written as inbox/x.txt.tmp, then renamed to x.txt: the way the README recommends. Timed from the rename.</summary>
    RenameInInbox,

    /// <summary>Written to a staging folder beside the inbox, then moved in at once. Timed from the move.</summary>
    MoveFromStaging,

    /// <summary>Written straight into the inbox under its final name. Timed from the start of the write.</summary>
    PlainWrite,
}

internal sealed record LatencySeries(DropWay Way, IReadOnlyList<double> Milliseconds, int Missing);

/// <summary>
/// Scenario 3: single articles dropped at a steady pace into a running service, each timed from the drop until the
/// served Atom feed lists it, polled with conditional GETs every few milliseconds.
/// </summary>
internal static class DropLatency
{
    private const int FirstProbeIndex = 1_000_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Straggler = TimeSpan.FromSeconds(15);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="firstDate">
    /// The first probe's date; each next one is a second later. Later than every stored article, so probes top the feed.
    /// </param>
    public static async Task<LatencySeries> RunAsync(ServiceProcess service, ArticleGenerator generator, DropWay way, int samples,
        DateTimeOffset firstDate, string runFolder, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(runFolder, $"latency-{way}");
        Directory.CreateDirectory(staging);
        var probes = Enumerable.Range(0, samples).Select(k =>
        {
            var probe = generator.Generate(FirstProbeIndex + k) with { Id = $"probe-{way}-{k:D3}".ToLowerInvariant() };
            var date = firstDate.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return (probe.Id, probe.FileName, Bytes: Utf8.GetBytes(probe.ToExportText(date)));
        }).ToArray();

        var dropped = new long[samples];
        var latencies = new double[samples];
        Array.Fill(latencies, double.NaN);
        var deadline = Stopwatch.StartNew();
        var limit = samples * BenchSettings.LatencyPace + Straggler;
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = WatchFeedAsync(service, probes.Select(p => p.Id).ToArray(), dropped, latencies, deadline, limit, stopWatching.Token);

        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var k = 0; k < samples; k++)
            {
                // A steady pace: each drop is due at k × pace from the start, whatever the previous one cost.
                var due = k * BenchSettings.LatencyPace - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                    await Task.Delay(due, cancellationToken);
                Drop(way, probes[k].FileName, probes[k].Bytes, staging, service.Inbox, ref dropped[k]);
            }
        }
        catch
        {
            await stopWatching.CancelAsync();
            throw;
        }
        try
        {
            await watching;
        }
        catch (HttpRequestException ex) when (service.ExitReport() is { } report)
        {
            throw new InvalidOperationException($"drop-to-feed: {report}", ex);
        }
        var seen = latencies.Where(l => !double.IsNaN(l)).ToArray();
        return new LatencySeries(way, seen, samples - seen.Length);
    }

    /// <summary>Puts one probe into the inbox and records when its clock starts.</summary>
    private static void Drop(DropWay way, string fileName, byte[] bytes, string staging, string inbox, ref long droppedAt)
    {
        var target = Path.Combine(inbox, fileName);
        switch (way)
        {
            case DropWay.RenameInInbox:
                File.WriteAllBytes(target + ".tmp", bytes);
                Volatile.Write(ref droppedAt, Stopwatch.GetTimestamp());
                File.Move(target + ".tmp", target);
                break;
            case DropWay.MoveFromStaging:
                File.WriteAllBytes(Path.Combine(staging, fileName), bytes);
                Volatile.Write(ref droppedAt, Stopwatch.GetTimestamp());
                File.Move(Path.Combine(staging, fileName), target);
                break;
            default:
                Volatile.Write(ref droppedAt, Stopwatch.GetTimestamp());
                File.WriteAllBytes(target, bytes);
                break;
        }
    }

    private static async Task WatchFeedAsync(
        ServiceProcess service, string[] ids, long[] dropped, double[] latencies, Stopwatch deadline, TimeSpan limit, CancellationToken cancellationToken)
    {
        var feed = new FeedPoller(service.Http, "feeds/atom.xml");
        var pending = ids.Length;
        while (pending > 0 && deadline.Elapsed < limit)
        {
            if (await feed.PollAsync(cancellationToken) is { } body)
            {
                var now = Stopwatch.GetTimestamp();
                for (var k = 0; k < ids.Length; k++)
                {
                    var droppedAt = Volatile.Read(ref dropped[k]);
                    if (droppedAt == 0 || !double.IsNaN(latencies[k]) || !FeedPoller.Contains(body, ids[k]))
                        continue;
                    latencies[k] = Stopwatch.GetElapsedTime(droppedAt, now).TotalMilliseconds;
                    pending--;
                }
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
