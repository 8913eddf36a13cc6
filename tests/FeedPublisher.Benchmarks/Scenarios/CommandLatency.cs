using System.Diagnostics;
using System.Globalization;
using System.Text;
using FeedPublisher.Benchmarks.Corpus;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <summary>One command's change reaching the running server: from the command's exit until the served feed shows it.</summary>
internal sealed record CommandLatencySeries(IReadOnlyList<double> IngestMs, IReadOnlyList<double> RetractMs, int Missing);

/// <summary>
/// Scenario 10: the command line beside a running service on the same database. Each round ingests one new article with
/// <c>ingest FILE</c>, waits until the served Atom feed lists it, then takes it back with <c>retract ID</c> and waits until
/// the feed no longer lists it. Each wait is timed from the command's exit, polled with conditional GETs every 5 ms:
/// what the server's change watcher, the regeneration and the swap add on top of the command itself.
/// </summary>
internal static class CommandLatency
{
    private const int FirstProbeIndex = 2_000_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<CommandLatencySeries> RunAsync(BenchSettings settings, ServiceProcess service, ArticleGenerator generator,
        int rounds, DateTimeOffset firstDate, string runFolder, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(runFolder, "command-latency");
        Directory.CreateDirectory(staging);
        var feed = new FeedPoller(service.Http, "feeds/atom.xml");
        List<double> ingested = [], retracted = [];
        var missing = 0;
        for (var k = 0; k < rounds; k++)
        {
            var probe = generator.Generate(FirstProbeIndex + k) with { Id = $"command-probe-{k:D3}" };
            var date = firstDate.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var file = Path.Combine(staging, probe.FileName);
            await File.WriteAllBytesAsync(file, Utf8.GetBytes(probe.ToExportText(date)), cancellationToken);

            await RunCommandAsync(settings, service, ["ingest", file], cancellationToken);
            if (await WaitAsync(feed, probe.Id, listed: true, cancellationToken) is { } shown)
                ingested.Add(shown);
            else
                missing++;

            await RunCommandAsync(settings, service, ["retract", probe.Id, "--reason", "benchmark probe"], cancellationToken);
            if (await WaitAsync(feed, probe.Id, listed: false, cancellationToken) is { } gone)
                retracted.Add(gone);
            else
                missing++;
        }
        return new CommandLatencySeries(ingested, retracted, missing);
    }

    private static async Task RunCommandAsync(BenchSettings settings, ServiceProcess service, string[] command, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync("dotnet",
            [settings.ServiceDll, .. command, $"--contentRoot={service.ContentRoot}", $"--Site:BaseUrl={service.BaseUri}"],
            TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"command latency: `{string.Join(' ', command)}` exited {result.ExitCode}: {result.Errors}");
    }

    /// <returns>Milliseconds from now until the feed lists the article (or no longer does); null past the limit.</returns>
    private static async Task<double?> WaitAsync(FeedPoller feed, string id, bool listed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        byte[]? last = null;
        while (clock.Elapsed < Limit)
        {
            last = await feed.PollAsync(cancellationToken) ?? last;
            if (last is not null && FeedPoller.Contains(last, id) == listed)
                return clock.Elapsed.TotalMilliseconds;
            await Task.Delay(PollInterval, cancellationToken);
        }
        return null;
    }
}
