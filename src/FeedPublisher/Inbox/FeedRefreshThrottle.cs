using FeedPublisher.Feeds;

namespace FeedPublisher.Inbox;

/// <summary>
/// When ingest asks for the feeds to be regenerated: during a burst at most every <see cref="BurstInterval"/>, so
/// 10,000 files cost a handful of regenerations, and always once the inbox has drained, so a single article never
/// waits.
/// </summary>
internal sealed class FeedRefreshThrottle(Func<FeedChanges, CancellationToken, Task> requestRegeneration, TimeProvider time)
{
    public static readonly TimeSpan BurstInterval = TimeSpan.FromSeconds(2);

    private FeedChanges? _changedSinceRequest;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    /// <summary>After each stored batch; <paramref name="changes"/> when it inserted or updated an article, else null.</summary>
    public async Task AfterBatchAsync(FeedChanges? changes, CancellationToken cancellationToken)
    {
        if (changes is not null)
            _changedSinceRequest = _changedSinceRequest?.Merge(changes) ?? changes;
        if (_changedSinceRequest is not null && time.GetUtcNow() - _lastRequest >= BurstInterval)
            await RequestAsync(cancellationToken);
    }

    /// <summary>Nothing more is ready: whatever changed goes out now.</summary>
    public async Task DrainedAsync(CancellationToken cancellationToken)
    {
        if (_changedSinceRequest is not null)
            await RequestAsync(cancellationToken);
    }

    private async Task RequestAsync(CancellationToken cancellationToken)
    {
        var changes = _changedSinceRequest!;
        _changedSinceRequest = null;
        _lastRequest = time.GetUtcNow();
        await requestRegeneration(changes, cancellationToken);
    }
}
