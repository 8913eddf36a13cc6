using System.Text.Json;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

internal sealed record CommandIngestRun(int Articles, TimeSpan Wall, long PeakRssBytes)
{
    public double ArticlesPerSecond => Articles / Wall.TotalSeconds;
}

/// <summary>
/// Scenario 2b: the same corpus through the command line, <c>ingest FOLDER --json</c>, into a fresh database: timed from
/// the start of the process to its exit (its own start-up included), with its peak RSS sampled while it runs.
/// </summary>
internal static class CommandIngest
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    public static async Task<CommandIngestRun> RunAsync(BenchSettings settings, string corpusFolder, int expected, string runFolder, CancellationToken cancellationToken)
    {
        var root = Path.Combine(runFolder, "root");
        Directory.CreateDirectory(root);
        long peak = 0;
        using var stopSampling = new CancellationTokenSource();
        Task sampler = Task.CompletedTask;
        var result = await ChildProcess.RunAsync("dotnet", [settings.ServiceDll, "ingest", corpusFolder, "--json", $"--contentRoot={root}"],
            TimeSpan.FromSeconds(60) + expected * TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken,
            onStarted: pid => sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    try
                    {
                        peak = Math.Max(peak, ProcStats.PeakRssBytes(pid));
                    }
                    catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
                    {
                        return; // it has exited
                    }
                    await Task.Delay(SampleEvery);
                }
            }));
        stopSampling.Cancel();
        await sampler;
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ingest command: exit code {result.ExitCode}: {result.Errors}");
        using var summary = JsonDocument.Parse(result.Output);
        var stored = summary.RootElement.GetProperty("new").GetInt32();
        if (stored != expected)
            throw new InvalidOperationException($"ingest command: {stored} new articles, expected {expected}");
        return new CommandIngestRun(stored, result.Elapsed, peak);
    }
}
