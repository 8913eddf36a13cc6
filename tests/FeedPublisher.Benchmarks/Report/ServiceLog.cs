using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedPublisher.Benchmarks.Report;

/// <summary>Reads the service's console log after a run: its warnings and errors, and how long ingest batches took.</summary>
internal static partial class ServiceLog
{
    /// <summary>Distinct warning, error and critical messages (timestamp dropped), with how often each appeared.</summary>
    public static IEnumerable<(string Message, int Count)> Problems(IEnumerable<string> logPaths) =>
        logPaths.Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => Problem().Match(line))
            .Where(m => m.Success)
            .GroupBy(m => Digits().Replace(m.Groups["message"].Value, "#"))
            .Select(g => (g.Key, g.Count()));

    /// <summary>
    /// Parse and store milliseconds per file, summed over the full ingest batches (50 files) in one log. The
    /// service parses the next batch while it stores the current one, so the two overlap in time.
    /// </summary>
    public static (double ParseMsPerFile, double StoreMsPerFile, int Batches)? BatchCost(string logPath)
    {
        if (!File.Exists(logPath))
            return null;
        var batches = File.ReadLines(logPath)
            .Select(line => Batch().Match(line))
            .Where(m => m.Success)
            .Select(m => (Files: Number(m, "files"), Parse: Number(m, "parse"), Store: Number(m, "store")))
            .Where(b => b.Files >= 50)
            .ToArray();
        if (batches.Length == 0)
            return null;
        var files = batches.Sum(b => b.Files);
        return (batches.Sum(b => b.Parse) / files, batches.Sum(b => b.Store) / files, batches.Length);
    }

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(?<level>warn|fail|crit): (?<message>.*)$")]
    private static partial Regex Problem();

    [GeneratedRegex(@"Ingested (?<files>\d+) file\(s\): .* parsed in (?<parse>\d+) ms, stored and moved in (?<store>\d+) ms")]
    private static partial Regex Batch();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
