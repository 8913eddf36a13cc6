using System.Collections.Concurrent;
using System.Net;
using FeedPublisher.Feeds;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Polling;

/// <summary>
/// Every (client, feed) pair seen in the last day, in memory only, at most <c>Polling:MaxTrackedPollers</c> of them:
/// when full, the ones idle for a day go, then the least recently seen. Also each feed's traffic by the hour.
/// </summary>
public sealed class Pollers
{
    private static readonly long DayTicks = TimeSpan.TicksPerDay;

    /// <summary>User-Agent characters kept; real ones are well under it.</summary>
    public const int MaxAgentLength = 256;

    private readonly ConcurrentDictionary<PollerKey, PollerRecord> _records = new();
    private readonly ConcurrentDictionary<string, FeedTraffic> _traffic = new(StringComparer.Ordinal);
    private readonly Lock _admitLock = new();
    private readonly int _max;
    private readonly long _minimumIntervalTicks;
    private readonly TimeProvider _time;
    private readonly ILogger<Pollers> _logger;
    private long _evicted;
    private bool _loggedFull;

    public Pollers(IOptions<PollingOptions> polling, IOptions<FeedsOptions> feeds, TimeProvider time, ILogger<Pollers> logger)
    {
        _max = polling.Value.MaxTrackedPollers;
        // Polls closer together than the advertised interval, with a tenth of slack for clocks and schedulers.
        _minimumIntervalTicks = TimeSpan.FromSeconds(feeds.Value.MaxAgeSeconds).Ticks * 9 / 10;
        _time = time;
        _logger = logger;
    }

    public int Count => _records.Count;

    /// <summary>Records dropped to stay within the bound since start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    public IEnumerable<PollerRecord> Records => _records.Values;

    public IEnumerable<KeyValuePair<string, FeedTraffic>> Traffic => _traffic;

    public long Now => _time.GetUtcNow().UtcTicks;

    public long MinimumIntervalTicks => _minimumIntervalTicks;

    /// <summary>Counts a request for the feed at <paramref name="path"/> (a served feed's path: their number is bounded).</summary>
    public PollerRecord Polled(string path, IPAddress? address, string userAgent, string? ifNoneMatch, string? ifModifiedSince, long now)
    {
        // Kestrel takes headers of kilobytes: cut, so a record's memory does not depend on what a client sends.
        if (userAgent.Length > MaxAgentLength)
            userAgent = userAgent[..MaxAgentLength];
        var (agent, subscribers) = UserAgents.Read(userAgent);
        var key = new PollerKey(path, address, agent);
        if (!_records.TryGetValue(key, out var record))
            record = Admit(key, now);
        if (subscribers is not null)
            record.Subscribers = subscribers;
        record.Polled(now, DayTicks, _minimumIntervalTicks, ifNoneMatch is not null || ifModifiedSince is not null, ifNoneMatch, ifModifiedSince);
        return record;
    }

    public FeedTraffic TrafficOf(string path) => _traffic.TryGetValue(path, out var traffic) ? traffic : _traffic.GetOrAdd(path, _ => new FeedTraffic());

    private PollerRecord Admit(PollerKey key, long now)
    {
        lock (_admitLock)
        {
            if (_records.TryGetValue(key, out var existing))
                return existing;
            if (_records.Count >= _max)
                MakeRoom(now);
            var record = new PollerRecord(key, now);
            _records[key] = record;
            return record;
        }
    }

    /// <summary>Drops the records idle for a day, then the least recently seen, down to nine tenths of the bound.</summary>
    private void MakeRoom(long now)
    {
        var target = _max * 9 / 10;
        var dropped = 0;
        foreach (var (key, record) in _records)
        {
            if (now - record.LastSeen > DayTicks && _records.TryRemove(key, out _))
                dropped++;
        }
        if (_records.Count > target)
        {
            foreach (var (key, _) in _records.OrderBy(r => r.Value.LastSeen).Take(_records.Count - target).ToList())
            {
                if (_records.TryRemove(key, out _))
                    dropped++;
            }
            if (!_loggedFull)
            {
                _loggedFull = true;
                _logger.LogWarning("Tracking {Max} pollers, the most Polling:MaxTrackedPollers allows; the least recently seen make room (a client rotating its address or User-Agent looks like this). /status covers fewer clients until it calms down",
                    _max);
            }
        }
        Interlocked.Add(ref _evicted, dropped);
    }
}
