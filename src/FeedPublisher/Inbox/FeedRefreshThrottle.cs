using FeedPublisher.Feeds;

namespace FeedPublisher.Inbox;

/// <summary>
/// When ingest asks for the feeds to be regenerated: during a burst at most every <see cref="BurstInterval"/>, so
/// 10,000 files cost a handful of regenerations, and always once the inbox has drained, so a single article never
/// waits. The tags' and authors' feeds wait for the drain: a burst touches hundreds of them, and rebuilding each one
/// every couple of seconds would cost more than the burst itself.
/// </summary>
internal sealed class FeedRefreshThrottle(Func<FeedChanges, CancellationToken, Task> requestRegeneration, TimeProvider time)
{
    public static readonly TimeSpan BurstInterval = TimeSpan.FromSeconds(2);

    /// <summary>However long a burst lasts, the tags' and authors' feeds are brought up to date at least this often.</summary>
    public static readonly TimeSpan MaxScopeWait = TimeSpan.FromSeconds(30);

    private DateTimeOffset _scopesSentAt = DateTimeOffset.MinValue;

    /// <summary>The site's feeds and archive pages that changed since the last request.</summary>
    private FeedChanges? _changedSinceRequest;

    /// <summary>The tags and authors that changed since the inbox last drained.</summary>
    private FeedChanges? _scopesSinceDrain;

    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;
    private int _burstRequests;

    /// <summary>After each stored batch; <paramref name="changes"/> when it inserted or updated an article, else null.</summary>
    public async Task AfterBatchAsync(FeedChanges? changes, CancellationToken cancellationToken)
    {
        if (changes is not null)
        {
            var siteAndArchives = FeedChanges.None with { Positions = changes.Positions };
            _changedSinceRequest = _changedSinceRequest?.Merge(siteAndArchives) ?? siteAndArchives;
            _scopesSinceDrain = _scopesSinceDrain?.Merge(changes with { Positions = new HashSet<long>() }) ?? (changes with { Positions = new HashSet<long>() });
        }
        if (_changedSinceRequest is not null && time.GetUtcNow() - _lastRequest >= BurstInterval)
        {
            // The first request since the inbox drained takes everything (a single article is then done in one); the
            // ones that follow in a burst leave the tags and authors for the drain.
            var request = _changedSinceRequest;
            if (_burstRequests++ == 0 || time.GetUtcNow() - _scopesSentAt >= MaxScopeWait)
            {
                _scopesSentAt = time.GetUtcNow();
                request = request.Merge(_scopesSinceDrain ?? FeedChanges.None);
                _scopesSinceDrain = null;
            }
            _changedSinceRequest = null;
            await RequestAsync(request, cancellationToken);
        }
    }

    /// <summary>Nothing more is ready: whatever changed goes out now, the tags' and authors' feeds with it.</summary>
    public async Task DrainedAsync(CancellationToken cancellationToken)
    {
        _burstRequests = 0;
        if (_changedSinceRequest is null && _scopesSinceDrain is null)
            return;
        var changes = (_changedSinceRequest ?? FeedChanges.None).Merge(_scopesSinceDrain ?? FeedChanges.None);
        _changedSinceRequest = null;
        _scopesSinceDrain = null;
        _scopesSentAt = time.GetUtcNow();
        await RequestAsync(changes, cancellationToken);
    }

    private async Task RequestAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        _lastRequest = time.GetUtcNow();
        await requestRegeneration(changes, cancellationToken);
    }
}
