namespace FeedPublisher.Inbox;

/// <summary>
/// When ingest asks for the feeds to be regenerated: during a burst at most every <see cref="BurstInterval"/>, so
/// 10,000 files cost a handful of regenerations, and always once the inbox has drained, so a single article never
/// waits.
/// </summary>
internal sealed class FeedRefreshThrottle(Func<CancellationToken, Task> requestRegeneration, TimeProvider time)
{
    public static readonly TimeSpan BurstInterval = TimeSpan.FromSeconds(2);

    private bool _changedSinceRequest;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    /// <summary>After each stored batch; <paramref name="changed"/> when it inserted or updated an article.</summary>
    public async Task AfterBatchAsync(bool changed, CancellationToken cancellationToken)
    {
        _changedSinceRequest |= changed;
        if (_changedSinceRequest && time.GetUtcNow() - _lastRequest >= BurstInterval)
            await RequestAsync(cancellationToken);
    }

    /// <summary>Nothing more is ready: whatever changed goes out now.</summary>
    public async Task DrainedAsync(CancellationToken cancellationToken)
    {
        if (_changedSinceRequest)
            await RequestAsync(cancellationToken);
    }

    private async Task RequestAsync(CancellationToken cancellationToken)
    {
        _changedSinceRequest = false;
        _lastRequest = time.GetUtcNow();
        await requestRegeneration(cancellationToken);
    }
}
