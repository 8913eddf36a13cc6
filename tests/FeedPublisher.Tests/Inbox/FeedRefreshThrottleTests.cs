using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace FeedPublisher.Tests.Inbox;

public sealed class FeedRefreshThrottleTests
{
    private static readonly FeedChanges Changed = FeedChanges.None with { Tags = new HashSet<string> { "Transport" } };

    [Fact]
    public async Task During_a_burst_the_feeds_are_refreshed_every_two_seconds_and_once_more_when_the_inbox_drains()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = 0;
        var throttle = new FeedRefreshThrottle((_, _) => { requests++; return Task.CompletedTask; }, clock);

        // A batch every half second for ten seconds, each with a new article.
        for (var batch = 0; batch < 20; batch++)
        {
            await throttle.AfterBatchAsync(Changed, CancellationToken.None);
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
        var throttle = new FeedRefreshThrottle((_, _) => { requests++; return Task.CompletedTask; }, clock);

        await throttle.AfterBatchAsync(null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        await throttle.AfterBatchAsync(null, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task The_request_carries_every_tag_and_author_the_batches_since_the_last_one_touched()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);

        await throttle.AfterBatchAsync(Changed, CancellationToken.None);
        await throttle.AfterBatchAsync(FeedChanges.None with { Authors = new HashSet<string> { "Jane Doe" } }, CancellationToken.None);
        await throttle.AfterBatchAsync(FeedChanges.None with { Tags = new HashSet<string> { "City" } }, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(2, asked.Count);
        Assert.Equal(["Transport"], asked[0].Tags);
        Assert.Equal(["City"], asked[1].Tags.Order());
        Assert.Equal(["Jane Doe"], asked[1].Authors);
    }

    [Fact]
    public async Task In_a_long_burst_tags_and_authors_wait_for_the_drain_while_archive_pages_go_out_every_two_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);

        for (var batch = 1; batch <= 8; batch++)
        {
            await throttle.AfterBatchAsync(new FeedChanges(new HashSet<string> { $"Tag {batch}" }, new HashSet<string>())
            {
                Positions = new HashSet<long> { batch },
            }, CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        await throttle.DrainedAsync(CancellationToken.None);

        // Requests at 0, 2, 4 and 6 seconds, then the drain.
        Assert.Equal(5, asked.Count);
        Assert.Equal(["Tag 1"], asked[0].Tags);
        Assert.All(asked.Skip(1).Take(3), request => Assert.Empty(request.Tags));
        Assert.Equal([2L, 3L], asked[1].Positions.Order());
        Assert.Equal(Enumerable.Range(2, 7).Select(n => $"Tag {n}"), asked[4].Tags.Order());
    }

    [Fact]
    public async Task A_single_article_is_refreshed_at_once_and_not_again_when_the_inbox_drains()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = 0;
        var throttle = new FeedRefreshThrottle((_, _) => { requests++; return Task.CompletedTask; }, clock);

        await throttle.AfterBatchAsync(Changed, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(1, requests);
    }
}
