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

    /// <summary>Milliseconds per file of the first and the last ingest batch of at least 100 files in one log.</summary>
    public static (double First, double Last)? BatchCost(string logPath)
    {
        if (!File.Exists(logPath))
            return null;
        var batches = File.ReadLines(logPath)
            .Select(line => Batch().Match(line))
            .Where(m => m.Success)
            .Select(m => (Files: int.Parse(m.Groups["files"].Value, CultureInfo.InvariantCulture), Ms: double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)))
            .Where(b => b.Files >= 100)
            .Select(b => b.Ms / b.Files)
            .ToArray();
        return batches.Length >= 2 ? (batches[0], batches[^1]) : null;
    }

    [GeneratedRegex(@"\b(?<level>warn|fail|crit): (?<message>.*)$")]
    private static partial Regex Problem();

    [GeneratedRegex(@"Ingested (?<files>\d+) file\(s\): .* in (?<ms>\d+) ms")]
    private static partial Regex Batch();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
