using System.Text;
using FeedPublisher.Benchmarks.Processes;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <summary>Scenario 2's yardstick: Hugo builds the same corpus into a full-content home-page RSS feed.</summary>
internal static class HugoBuild
{
    public const string FiftyItems = "config-50.yaml";
    public const string Unlimited = "config-unlimited.yaml";

    /// <returns>Wall time of one `hugo` build from a clean destination, start to exit.</returns>
    public static async Task<TimeSpan> RunAsync(string siteFolder, string configFile, int expectedItems, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(siteFolder, "public");
        if (Directory.Exists(destination))
            Directory.Delete(destination, recursive: true);
        var result = await ChildProcess.RunAsync("hugo",
            ["--source", siteFolder, "--config", Path.Combine(siteFolder, configFile), "--destination", destination,
             "--cacheDir", Path.Combine(siteFolder, ".cache"), "--quiet"],
            TimeSpan.FromMinutes(10), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"hugo failed with exit code {result.ExitCode}: {result.Errors}{result.Output}");

        var feed = await File.ReadAllTextAsync(Path.Combine(destination, "index.xml"), Encoding.UTF8, cancellationToken);
        var items = CountOf(feed, "<item>");
        if (items != expectedItems || !feed.Contains("<content:encoded><![CDATA[<p>", StringComparison.Ordinal))
            throw new InvalidOperationException($"hugo's feed has {items} items, expected {expectedItems} with full content");
        return result.Elapsed;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
