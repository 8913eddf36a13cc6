using System.Net;

namespace FeedPublisher.Polling;

/// <summary>Who polls: a client (address and User-Agent, the count of subscribers taken out) fetching one feed.</summary>
public readonly record struct PollerKey(string Path, IPAddress? Address, string Agent);

/// <summary>
/// One client's polling of one feed over the last day: what /status reports about it, and what the full-fetch limit
/// counts. Counters are updated without a lock (a poll is answered in microseconds); the limit, decided on full
/// answers only, takes the record's lock.
/// </summary>
public sealed class PollerRecord(PollerKey key, long now)
{
    /// <summary>Intervals kept per record for the medians.</summary>
    public const int IntervalSamples = 16;

    private readonly Lock _lock = new();
    private readonly int[] _intervals = new int[IntervalSamples];
    private long _intervalCount;
    private long _lastSeen = now;
    private long _since = now;
    private long _requests;
    private long _notModified;
    private long _bytes;
    private long _limited;
    private long _withValidators;
    private long _echoChecked;
    private long _echoedExactly;
    private long _early;
    private string? _lastETagSent;
    private string? _lastModifiedSent;

    // The limit's state: the feed version last sent in full, when its window began, full answers since.
    private string? _limitTag;
    private long _windowStart;
    private int _fullFetches;

    public PollerKey Key { get; } = key;
    public string MaskedAddress { get; } = ClientAddress.Masked(key.Address);
    public int? Subscribers { get; set; }

    public long LastSeen => Interlocked.Read(ref _lastSeen);
    public long Since => Interlocked.Read(ref _since);
    public long Requests => Interlocked.Read(ref _requests);
    public long NotModified => Interlocked.Read(ref _notModified);
    public long Bytes => Interlocked.Read(ref _bytes);
    public long Limited => Interlocked.Read(ref _limited);
    public long WithValidators => Interlocked.Read(ref _withValidators);
    public long EchoChecked => Interlocked.Read(ref _echoChecked);
    public long EchoedExactly => Interlocked.Read(ref _echoedExactly);
    public long Early => Interlocked.Read(ref _early);

    /// <summary>The intervals between its latest polls, in seconds.</summary>
    public int[] Intervals()
    {
        var count = (int)Math.Min(Interlocked.Read(ref _intervalCount), IntervalSamples);
        return _intervals[..count];
    }

    /// <summary>A request arrived: counts it and the interval since the one before.</summary>
    /// <param name="dayTicks">A day: counts older than that start over, so every figure covers the last day.</param>
    public void Polled(long now, long dayTicks, long minimumIntervalTicks, bool hasValidators, string? ifNoneMatch, string? ifModifiedSince)
    {
        if (now - Interlocked.Read(ref _since) > dayTicks)
            StartOver(now, dayTicks);
        var previous = Interlocked.Exchange(ref _lastSeen, now);
        if (Interlocked.Increment(ref _requests) > 1 && now > previous)
        {
            var interval = now - previous;
            var slot = (Interlocked.Increment(ref _intervalCount) - 1) % IntervalSamples;
            _intervals[slot] = (int)Math.Min(int.MaxValue, interval / TimeSpan.TicksPerSecond);
            if (interval < minimumIntervalTicks)
                Interlocked.Increment(ref _early);
        }
        if (!hasValidators)
            return;
        Interlocked.Increment(ref _withValidators);
        // Exact echo: the validator sent back is the very text this client was last given.
        var etag = Volatile.Read(ref _lastETagSent);
        var lastModified = Volatile.Read(ref _lastModifiedSent);
        if (etag is null && lastModified is null)
            return;
        Interlocked.Increment(ref _echoChecked);
        if ((ifNoneMatch is not null && ifNoneMatch == etag) || (ifNoneMatch is null && ifModifiedSince is not null && ifModifiedSince == lastModified))
            Interlocked.Increment(ref _echoedExactly);
    }

    public void AnsweredNotModified(string etag, string lastModified)
    {
        Interlocked.Increment(ref _notModified);
        Remember(etag, lastModified);
    }

    public void AnsweredInFull(long bytes, string etag, string lastModified)
    {
        Interlocked.Add(ref _bytes, bytes);
        Remember(etag, lastModified);
    }

    /// <summary>
    /// Whether this full answer of the feed version <paramref name="feedTag"/> would be one too many within the
    /// window. The first full fetch after the feed changed always goes through (a hub fetching after a ping, a
    /// reader catching up), and starts the count again.
    /// </summary>
    public bool OverLimit(string feedTag, long now, long windowTicks, int maxFullFetches, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            if (!string.Equals(_limitTag, feedTag, StringComparison.Ordinal) || now - _windowStart >= windowTicks)
            {
                _limitTag = feedTag;
                _windowStart = now;
                _fullFetches = 1;
                return false;
            }
            if (_fullFetches < maxFullFetches)
            {
                _fullFetches++;
                return false;
            }
            retryAfter = TimeSpan.FromTicks(_windowStart + windowTicks - now);
            Interlocked.Increment(ref _limited);
            return true;
        }
    }

    private void Remember(string etag, string lastModified)
    {
        if (!ReferenceEquals(Volatile.Read(ref _lastETagSent), etag))
            Volatile.Write(ref _lastETagSent, etag);
        if (!ReferenceEquals(Volatile.Read(ref _lastModifiedSent), lastModified))
            Volatile.Write(ref _lastModifiedSent, lastModified);
    }

    private void StartOver(long now, long dayTicks)
    {
        lock (_lock)
        {
            if (now - _since <= dayTicks)
                return;
            _since = now;
            _requests = _notModified = _bytes = _limited = _withValidators = _echoChecked = _echoedExactly = _early = 0;
            _intervalCount = 0;
        }
    }
}
