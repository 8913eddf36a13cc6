using FeedPublisher.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace FeedPublisher.Tests.Inbox;

public sealed class FeedRefreshThrottleTests
{
    [Fact]
    public async Task During_a_burst_the_feeds_are_refreshed_every_two_seconds_and_once_more_when_the_inbox_drains()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = 0;
        var throttle = new FeedRefreshThrottle(_ => { requests++; return Task.CompletedTask; }, clock);

        // A batch every half second for ten seconds, each with a new article.
        for (var batch = 0; batch < 20; batch++)
        {
            await throttle.AfterBatchAsync(changed: true, CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        Assert.Equal(5, requests);

        await throttle.DrainedAsync(CancellationToken.None);
        Assert.Equal(6, requests);
    }

    [Fact]
    public async Task Batches_that_changed_nothing_ask_for_no_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = 0;
        var throttle = new FeedRefreshThrottle(_ => { requests++; return Task.CompletedTask; }, clock);

        await throttle.AfterBatchAsync(changed: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        await throttle.AfterBatchAsync(changed: false, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task A_single_article_is_refreshed_at_once_and_not_again_when_the_inbox_drains()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = 0;
        var throttle = new FeedRefreshThrottle(_ => { requests++; return Task.CompletedTask; }, clock);

        await throttle.AfterBatchAsync(changed: true, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(1, requests);
    }
}
