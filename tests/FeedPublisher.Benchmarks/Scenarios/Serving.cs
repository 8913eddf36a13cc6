using System.Globalization;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <summary>One wrk run against one server, as serve-bench.sh reports it.</summary>
internal sealed record WrkRun(
    string Target, string Case, int Threads, int Connections, double RequestsPerSecond, double P50Ms, double P99Ms,
    double BytesPerResponse, double? CpuSeconds, double Seconds, long Requests, long Errors)
{
    /// <summary>Which feed was fetched: the site's RSS (from memory) unless told, or a tag's (from disk).</summary>
    public string Feed { get; init; } = "site";

    public string Setting => $"-t{Threads} -c{Connections}";

    /// <summary>Requests answered per second of the server's CPU time: what one core can serve.</summary>
    public double? RequestsPerCpuSecond => CpuSeconds is > 0 ? Requests / CpuSeconds : null;
}

/// <summary>
/// Scenario 5: runs tests/bench/serve-bench.sh against the running service (nginx and wrk are its children) and
/// reads back one line per wrk run.
/// </summary>
internal static class Serving
{
    public static Task<IReadOnlyList<WrkRun>> RunAsync(BenchSettings settings, ServiceProcess service, CancellationToken cancellationToken) =>
        RunAsync(settings, service, "feeds/rss.xml", "site", settings.ServeRuns, cancellationToken);

    /// <param name="urlPath">The feed to fetch, relative to the service's base URL.</param>
    /// <param name="feed">What it is, for the report.</param>
    public static async Task<IReadOnlyList<WrkRun>> RunAsync(
        BenchSettings settings, ServiceProcess service, string urlPath, string feed, int serveRuns, CancellationToken cancellationToken)
    {
        var script = Path.Combine(settings.ScriptsFolder, "serve-bench.sh");
        // Three cases, two wrk settings, two servers per run, plus the checks and nginx's start.
        var limit = TimeSpan.FromSeconds(serveRuns * 12 * (settings.ServeSeconds + 5) + 60);
        var result = await ChildProcess.RunAsync("bash",
            [script, "--url", new Uri(service.BaseUri, urlPath).AbsoluteUri, "--pid", service.Pid.ToString(CultureInfo.InvariantCulture),
             "--nginx-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
             "--duration", settings.ServeSeconds.ToString(CultureInfo.InvariantCulture), "--runs", serveRuns.ToString(CultureInfo.InvariantCulture)],
            limit, line => Console.WriteLine("  " + line), cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"serve-bench.sh failed with exit code {result.ExitCode}");

        var runs = result.Output.Split('\n').Where(l => l.StartsWith("serve-result ", StringComparison.Ordinal))
            .Select(line => Parse(line) with { Feed = feed }).ToArray();
        if (runs.Length != serveRuns * 12)
            throw new InvalidOperationException($"serve-bench.sh reported {runs.Length} wrk runs, expected {serveRuns * 12}");
        return runs;
    }

    private static WrkRun Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => f.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        double Number(string key) => double.Parse(fields[key], CultureInfo.InvariantCulture);
        return new WrkRun(fields["target"], fields["case"], (int)Number("threads"), (int)Number("connections"), Number("rps"),
            Number("p50_ms"), Number("p99_ms"), Number("bytes_per_response"), fields["cpu_seconds"] == "-" ? null : Number("cpu_seconds"),
            Number("seconds"), (long)Number("requests"), (long)Number("errors"));
    }
}
