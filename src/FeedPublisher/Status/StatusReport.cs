using FeedPublisher.Metrics;
using FeedPublisher.Polling;

namespace FeedPublisher.Status;

/// <summary>What /status and /status.json show: each feed's last day, and a report card per client, from <see cref="Pollers"/>.</summary>
public sealed record StatusReport(
    DateTimeOffset At, string Instance, int PollIntervalSeconds, int TrackedPollers, int MaxTrackedPollers, long Evicted,
    IReadOnlyList<FeedStatus> Feeds, IReadOnlyList<ClientCard> Clients, int ClientsNotShown)
{
    /// <summary>Client report cards shown at most; the busiest first.</summary>
    public const int MaxClientsShown = 500;

    public static StatusReport Build(Pollers pollers, int pollIntervalSeconds, int maxTracked, int clientsShown = MaxClientsShown)
    {
        var now = pollers.Now;
        var day = TimeSpan.TicksPerDay;
        var recent = pollers.Records.Where(r => now - r.LastSeen <= day).ToList();
        var byFeed = recent.GroupBy(r => r.Key.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var feeds = new List<FeedStatus>();
        foreach (var (path, traffic) in pollers.Traffic)
        {
            var totals = traffic.LastDay(now);
            if (totals.Requests == 0)
                continue;
            var clients = byFeed.GetValueOrDefault(path) ?? [];
            var kind = FeedKind.Of(path);
            // An aggregator polling from several addresses reports the same audience from each: counted once.
            var audience = clients.Where(c => c.Subscribers is not null).GroupBy(c => c.Key.Agent, StringComparer.Ordinal)
                .Select(g => new Audience(g.Key, g.Max(c => c.Subscribers!.Value))).OrderByDescending(a => a.Subscribers).ToList();
            feeds.Add(new FeedStatus(path, kind.Scope, kind.Format, clients.Count, totals.Requests, Share(totals.NotModified, totals.Requests),
                totals.Bytes, Median(clients.SelectMany(c => c.Intervals())), clients.Count(c => c.Limited > 0), totals.Limited,
                audience.Sum(a => (long)a.Subscribers), audience));
        }
        var cards = recent.OrderByDescending(r => r.Requests).ThenBy(r => r.Key.Path, StringComparer.Ordinal)
            .Take(clientsShown).Select(r => Card(r, now, pollers.MinimumIntervalTicks)).ToList();
        return new StatusReport(new DateTimeOffset(now, TimeSpan.Zero), $"{Environment.MachineName} (process {Environment.ProcessId})", pollIntervalSeconds,
            pollers.Count, maxTracked, pollers.Evicted, [.. feeds.OrderByDescending(f => f.Requests).ThenBy(f => f.Path, StringComparer.Ordinal)], cards,
            Math.Max(0, recent.Count - cards.Count));
    }

    private static ClientCard Card(PollerRecord record, long now, long minimumIntervalTicks)
    {
        var requests = record.Requests;
        var intervals = record.Intervals();
        var polledAgain = Math.Max(0, requests - 1);
        return new ClientCard(record.MaskedAddress, record.Key.Agent, record.Key.Path, requests, Share(record.NotModified, requests), record.Bytes,
            SendsValidators: Share(record.WithValidators, requests),
            EchoesValidatorsExactly: record.EchoChecked == 0 ? null : Share(record.EchoedExactly, record.EchoChecked),
            KeepsToInterval: polledAgain == 0 ? null : 1 - Share(record.Early, polledAgain),
            MedianIntervalSeconds: Median(intervals), record.Limited, record.Subscribers,
            Since: new DateTimeOffset(record.Since, TimeSpan.Zero), LastSeen: new DateTimeOffset(record.LastSeen, TimeSpan.Zero));
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 3);

    private static double? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}

/// <summary>One feed's last day on this instance.</summary>
public sealed record FeedStatus(
    string Path, string Kind, string Format, int Clients, long Requests, double NotModifiedShare, long BytesSent, double? MedianPollIntervalSeconds,
    int LimitedClients, long LimitedRequests, long Subscribers, IReadOnlyList<Audience> SubscribersBy);

/// <summary>An aggregator's own count of the people who follow the feed through it, from its User-Agent.</summary>
public sealed record Audience(string Agent, int Subscribers);

/// <summary>
/// How one client polls one feed since <c>Since</c> (when it was first seen, or a day after that, when its counts start
/// over): whether it sends validators, sends back exactly the ones it was given, and waits
/// the advertised interval between polls (shares from 0 to 1; null when there is nothing to judge yet).
/// </summary>
public sealed record ClientCard(
    string Address, string UserAgent, string Feed, long Requests, double NotModifiedShare, long BytesSent, double SendsValidators,
    double? EchoesValidatorsExactly, double? KeepsToInterval, double? MedianIntervalSeconds, long Limited, int? Subscribers, DateTimeOffset Since,
    DateTimeOffset LastSeen)
{
    /// <summary>good: validators echoed and the interval kept; poor: full fetches every time or polls far too often; fair otherwise.</summary>
    public string Grade => SendsValidators >= 0.9 && EchoesValidatorsExactly is null or >= 0.9 && KeepsToInterval is null or >= 0.9 && Limited == 0 ? "good"
        : SendsValidators < 0.1 && Requests > 2 || KeepsToInterval is < 0.5 || Limited > 0 ? "poor"
        : "fair";
}
