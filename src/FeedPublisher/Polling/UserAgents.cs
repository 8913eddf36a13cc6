using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace FeedPublisher.Polling;

/// <summary>
/// Aggregators say in their User-Agent how many of their users follow the feed ("Feedly/1.0 (+http://…; 120
/// subscribers; feed-id=…)", "NewsBlur Feed Fetcher - 35 subscribers - …", JSON Feed's "(N subscribers)"). The count
/// is read out, and the agent is known by its text without the number, so a count that grows is not a new client.
/// </summary>
public static partial class UserAgents
{
    /// <summary>Agents seen lately; cleared when it grows past this, which only costs parsing them again.</summary>
    private const int CacheLimit = 10_000;

    private static readonly ConcurrentDictionary<string, (string Agent, int? Subscribers)> Seen = new(StringComparer.Ordinal);

    [GeneratedRegex(@"(\d{1,9})\s+(?:subscribers?|readers?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriberCount();

    public static (string Agent, int? Subscribers) Read(string userAgent)
    {
        if (userAgent.Length == 0 || (!userAgent.Contains("subscriber", StringComparison.OrdinalIgnoreCase) && !userAgent.Contains("reader", StringComparison.OrdinalIgnoreCase)))
            return (userAgent, null);
        if (Seen.TryGetValue(userAgent, out var known))
            return known;
        var match = SubscriberCount().Match(userAgent);
        var read = match.Success
            ? (userAgent.Remove(match.Groups[1].Index, match.Groups[1].Length).Insert(match.Groups[1].Index, "N"), (int?)int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture))
            : (userAgent, null);
        if (Seen.Count >= CacheLimit)
            Seen.Clear();
        Seen[userAgent] = read;
        return read;
    }
}
