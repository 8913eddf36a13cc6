namespace FeedPublisher.Polling;

/// <summary>One feed's requests, 304s, 429s and bytes sent, in hourly buckets over the last day.</summary>
public sealed class FeedTraffic
{
    private const int Hours = 24;

    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, Hours).Select(_ => new Bucket())];

    private sealed class Bucket
    {
        public long Hour = -1;
        public long Requests;
        public long NotModified;
        public long Limited;
        public long Bytes;
    }

    public readonly record struct Totals(long Requests, long NotModified, long Limited, long Bytes);

    public void Count(long now, bool notModified, bool limited, long bytes)
    {
        var bucket = Current(now);
        Interlocked.Increment(ref bucket.Requests);
        if (notModified)
            Interlocked.Increment(ref bucket.NotModified);
        if (limited)
            Interlocked.Increment(ref bucket.Limited);
        if (bytes > 0)
            Interlocked.Add(ref bucket.Bytes, bytes);
    }

    public Totals LastDay(long now)
    {
        var hour = now / TimeSpan.TicksPerHour;
        long requests = 0, notModified = 0, limited = 0, bytes = 0;
        foreach (var bucket in _buckets)
        {
            if (Volatile.Read(ref bucket.Hour) is var h && (h < 0 || hour - h >= Hours))
                continue;
            requests += Interlocked.Read(ref bucket.Requests);
            notModified += Interlocked.Read(ref bucket.NotModified);
            limited += Interlocked.Read(ref bucket.Limited);
            bytes += Interlocked.Read(ref bucket.Bytes);
        }
        return new Totals(requests, notModified, limited, bytes);
    }

    private Bucket Current(long now)
    {
        var hour = now / TimeSpan.TicksPerHour;
        var bucket = _buckets[hour % Hours];
        if (Volatile.Read(ref bucket.Hour) == hour)
            return bucket;
        lock (bucket)
        {
            if (bucket.Hour != hour)
            {
                // A new hour takes the slot of the one a day ago. Requests counted in the moment between are few.
                bucket.Requests = bucket.NotModified = bucket.Limited = bucket.Bytes = 0;
                Volatile.Write(ref bucket.Hour, hour);
            }
        }
        return bucket;
    }
}
