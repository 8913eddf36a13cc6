namespace FeedPublisher.Benchmarks;

/// <summary>Sizes and repetitions: the full run, or a smoke run of every scenario that takes seconds.</summary>
internal sealed record BenchSettings(
    bool Smoke,
    string RepositoryRoot,
    bool KeepTemporaryFiles,
    int[] IngestSizes,
    int IngestRuns,
    int LatencySamples,
    int[] RegenerationStores,
    int RegenerationRuns,
    int ServeSeconds,
    int ServeRuns,
    bool IngestOnly = false,
    bool RegenerationOnly = false,
    bool SeveralInstancesOnly = false,
    bool ServingOnly = false,
    bool AccountingOnly = false,
    bool LatencyOnly = false)
{
    public const int Seed = 20_140_620;

    /// <summary>Scenario 10's rounds, each an ingest and a retraction by command.</summary>
    public int CommandLatencyRounds => Smoke ? 2 : 20;

    /// <summary>One probe article every 150 ms: a busy newsroom, and well above the inbox's 50 ms polling.</summary>
    public static readonly TimeSpan LatencyPace = TimeSpan.FromMilliseconds(150);

    /// <summary>The service's default Inbox:SettleTime, which the benchmark does not change.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    public string ServiceDll => Path.Combine(RepositoryRoot, "src", "FeedPublisher", "bin", "Release", "net10.0", "FeedPublisher.dll");
    public string ScriptsFolder => Path.Combine(RepositoryRoot, "tests", "bench");

    public static BenchSettings Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var keep = args.Contains("--keep");
        var root = Path.GetFullPath(ValueOf(args, "--repo") ?? Directory.GetCurrentDirectory());
        if (!File.Exists(Path.Combine(root, "FeedPublisher.sln")))
            throw new ArgumentException($"{root} is not the repository root (no FeedPublisher.sln); pass --repo <root>");
        var settings = smoke
            ? new BenchSettings(true, root, keep, IngestSizes: [50], IngestRuns: 1, LatencySamples: 10,
                RegenerationStores: [200], RegenerationRuns: 3, ServeSeconds: 1, ServeRuns: 1)
            : new BenchSettings(false, root, keep, IngestSizes: [1_000, 10_000], IngestRuns: 3, LatencySamples: 200,
                RegenerationStores: [1_000, 100_000], RegenerationRuns: 50, ServeSeconds: 10, ServeRuns: 3);
        // --regeneration-only [--regeneration-store N]: scenario 4 alone, for working on regeneration.
        if (args.Contains("--regeneration-only"))
        {
            return settings with
            {
                RegenerationOnly = true,
                RegenerationStores = ValueOf(args, "--regeneration-store") is { } store
                    ? [PositiveInt(store, "--regeneration-store")] : settings.RegenerationStores,
            };
        }
        // --several-instances-only [--ingest-size N]: scenario 8 alone (two instances on PostgreSQL), on the largest corpus.
        if (args.Contains("--several-instances-only"))
        {
            return settings with
            {
                SeveralInstancesOnly = true,
                IngestSizes = ValueOf(args, "--ingest-size") is { } corpus ? [PositiveInt(corpus, "--ingest-size")] : [settings.IngestSizes[^1]],
            };
        }
        // --accounting-only: scenario 9's in-process figures alone (seconds).
        if (args.Contains("--accounting-only"))
            return settings with { AccountingOnly = true };
        // --latency-only [--ingest-size N]: one ingest (of the smaller corpus unless given), then scenarios 3 and 10:
        // a dropped file, and a command's change, reaching the served feed.
        if (args.Contains("--latency-only"))
        {
            return settings with
            {
                LatencyOnly = true, IngestRuns = 1,
                IngestSizes = [ValueOf(args, "--ingest-size") is { } corpus ? PositiveInt(corpus, "--ingest-size") : settings.IngestSizes[0]],
            };
        }
        // --serving-only: one ingest of the smaller corpus, then scenarios 5 and 9 (serving, and what the accounting costs).
        if (args.Contains("--serving-only"))
            return settings with { ServingOnly = true, IngestSizes = [settings.IngestSizes[0]], IngestRuns = 1 };
        // --ingest-only [--ingest-size N] [--ingest-runs N]: scenario 2 alone, for working on ingest throughput.
        if (!args.Contains("--ingest-only"))
            return settings;
        return settings with
        {
            IngestOnly = true,
            IngestSizes = ValueOf(args, "--ingest-size") is { } size ? [PositiveInt(size, "--ingest-size")] : settings.IngestSizes,
            IngestRuns = ValueOf(args, "--ingest-runs") is { } runs ? PositiveInt(runs, "--ingest-runs") : settings.IngestRuns,
        };
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"{name} wants a positive whole number, not '{text}'");

    private static string? ValueOf(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
