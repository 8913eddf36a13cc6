using FeedPublisher.Feeds;

namespace FeedPublisher.Inbox;

/// <summary>
/// When ingest asks for the feeds to be regenerated: during a burst at most every <see cref="BurstInterval"/>, so
/// 10,000 files cost a handful of regenerations, and always once the inbox has drained, so a single article never
/// waits. After a burst the tags' and authors' feeds wait until the inbox has stayed quiet for
/// <see cref="ScopeQuietTime"/>: a burst touches hundreds of them, and a burst whose files arrive a little slower than
/// they are stored drains many times; rebuilding them at each of those drains would cost more than the burst itself.
/// </summary>
internal sealed class FeedRefreshThrottle(Func<FeedChanges, CancellationToken, Task> requestRegeneration, TimeProvider time)
{
    public static readonly TimeSpan BurstInterval = TimeSpan.FromSeconds(2);

    /// <summary>After a burst, the tags' and authors' feeds go out once no article has changed for this long.</summary>
    public static readonly TimeSpan ScopeQuietTime = TimeSpan.FromSeconds(1);

    /// <summary>However long a burst lasts, the tags' and authors' feeds are brought up to date at least this often.</summary>
    public static readonly TimeSpan MaxScopeWait = TimeSpan.FromSeconds(30);

    private DateTimeOffset _scopesSentAt = DateTimeOffset.MinValue;

    /// <summary>The site's feeds and archive pages that changed since the last request.</summary>
    private FeedChanges? _changedSinceRequest;

    /// <summary>The tags and authors that changed since they were last sent.</summary>
    private FeedChanges? _scopesPending;

    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;
    private DateTimeOffset _lastChange = DateTimeOffset.MinValue;

    /// <summary>A burst has started and its first request, which takes the tags and authors too, has not gone yet.</summary>
    private bool _scopesGoWithNextRequest;

    /// <summary>When the inbox loop should call <see cref="DrainedAsync"/> again to send the waiting tags and authors.</summary>
    public DateTimeOffset? ScopesDueAt { get; private set; }

    /// <summary>After each stored batch; <paramref name="changes"/> when it inserted or updated an article, else null.</summary>
    public async Task AfterBatchAsync(FeedChanges? changes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A change after a quiet moment starts a burst: its first request takes the tags and authors too, so a single
        // article is done in one regeneration.
        if (changes is not null)
        {
            _scopesGoWithNextRequest |= now - _lastChange >= ScopeQuietTime;
            _lastChange = now;
            var siteAndArchives = FeedChanges.None with { Positions = changes.Positions };
            var scopes = changes with { Positions = new HashSet<long>() };
            _changedSinceRequest = _changedSinceRequest?.Merge(siteAndArchives) ?? siteAndArchives;
            _scopesPending = _scopesPending?.Merge(scopes) ?? scopes;
        }
        if (_changedSinceRequest is not null && now - _lastRequest >= BurstInterval)
        {
            // The requests that follow in a burst leave the tags and authors for the quiet after it.
            var request = _changedSinceRequest;
            if (_scopesGoWithNextRequest || now - _scopesSentAt >= MaxScopeWait)
                request = request.Merge(TakeScopes(now));
            _changedSinceRequest = null;
            await RequestAsync(request, now, cancellationToken);
        }
    }

    /// <summary>
    /// Nothing more is ready: the site's changes go out now; the tags' and authors' once no article has changed for
    /// <see cref="ScopeQuietTime"/>, which the loop waits for (<see cref="ScopesDueAt"/>) and then calls again.
    /// </summary>
    public async Task DrainedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var send = _changedSinceRequest is not null;
        var request = _changedSinceRequest ?? FeedChanges.None;
        _changedSinceRequest = null;
        ScopesDueAt = null;
        if (_scopesPending is not null)
        {
            if (_scopesGoWithNextRequest || now - _lastChange >= ScopeQuietTime || now - _scopesSentAt >= MaxScopeWait)
            {
                request = request.Merge(TakeScopes(now));
                send = true;
            }
            else
                ScopesDueAt = _lastChange + ScopeQuietTime;
        }
        if (send)
            await RequestAsync(request, now, cancellationToken);
    }

    private FeedChanges TakeScopes(DateTimeOffset now)
    {
        var scopes = _scopesPending ?? FeedChanges.None;
        _scopesPending = null;
        _scopesSentAt = now;
        _scopesGoWithNextRequest = false;
        return scopes;
    }

    private async Task RequestAsync(FeedChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _lastRequest = now;
        await requestRegeneration(changes, cancellationToken);
    }
}
