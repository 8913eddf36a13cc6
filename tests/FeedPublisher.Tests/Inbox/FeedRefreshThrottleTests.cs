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
        // The later batches' tags and authors wait for the inbox to stay quiet.
        clock.Advance(FeedRefreshThrottle.ScopeQuietTime);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(3, asked.Count);
        Assert.Equal(["Transport"], asked[0].Tags);
        Assert.Empty(asked[1].Tags);
        Assert.Equal(["City"], asked[2].Tags.Order());
        Assert.Equal(["Jane Doe"], asked[2].Authors);
    }

    [Fact]
    public async Task In_a_long_burst_tags_and_authors_wait_for_the_quiet_while_archive_pages_go_out_every_two_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);

        for (var batch = 1; batch <= 16; batch++)
        {
            await throttle.AfterBatchAsync(new FeedChanges(new HashSet<string> { $"Tag {batch}" }, new HashSet<string>())
            {
                Positions = new HashSet<long> { batch },
            }, CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        await throttle.DrainedAsync(CancellationToken.None);
        clock.Advance(throttle.ScopesDueAt!.Value - clock.GetUtcNow());
        await throttle.DrainedAsync(CancellationToken.None);

        // Requests at 0, 2, 4 and 6 seconds, the drain (the site's feeds), and the quiet after it (the tags).
        Assert.Equal(6, asked.Count);
        Assert.Equal(["Tag 1"], asked[0].Tags);
        Assert.All(asked.Skip(1).Take(4), request => Assert.Empty(request.Tags));
        Assert.Equal([2L, 3L, 4L, 5L], asked[1].Positions.Order());
        Assert.Equal([14L, 15L, 16L], asked[4].Positions.Order());
        Assert.Equal(Enumerable.Range(2, 15).Select(n => $"Tag {n}").Order(), asked[5].Tags.Order());
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
        Assert.Null(throttle.ScopesDueAt);
    }

    [Fact]
    public async Task An_article_soon_after_the_last_request_gets_its_tags_at_the_drain_without_waiting()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);
        await throttle.AfterBatchAsync(Changed, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        // Quiet for a second and a half: a new burst, but within two seconds of the last request.
        clock.Advance(TimeSpan.FromSeconds(1.5));
        await throttle.AfterBatchAsync(FeedChanges.None with { Tags = new HashSet<string> { "City" } }, CancellationToken.None);
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(2, asked.Count);
        Assert.Equal(["City"], asked[1].Tags);
        Assert.Null(throttle.ScopesDueAt);
    }

    [Fact]
    public async Task A_burst_that_drains_now_and_then_sends_its_tags_and_authors_once_the_inbox_has_stayed_quiet()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);

        // Files arrive a little slower than they are stored: the inbox drains after every batch.
        for (var batch = 1; batch <= 6; batch++)
        {
            await throttle.AfterBatchAsync(FeedChanges.None with { Authors = new HashSet<string> { $"Writer {batch}" } }, CancellationToken.None);
            await throttle.DrainedAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(700));
        }

        // The first request took its author; every later one only the site's feeds, until the quiet.
        Assert.Equal(["Writer 1"], asked[0].Authors);
        Assert.All(asked.Skip(2), request => Assert.Empty(request.Authors));
        var due = Assert.IsType<DateTimeOffset>(throttle.ScopesDueAt);
        Assert.True(due > clock.GetUtcNow(), "the tags and authors wait for the quiet");

        var before = asked.Count;
        clock.Advance(due - clock.GetUtcNow());
        await throttle.DrainedAsync(CancellationToken.None);

        Assert.Equal(before + 1, asked.Count);
        Assert.Equal(Enumerable.Range(2, 5).Select(n => $"Writer {n}").Except(asked.Take(before).SelectMany(r => r.Authors)),
            asked[^1].Authors.Order());
        Assert.Null(throttle.ScopesDueAt);
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"Writer {n}"), asked.SelectMany(r => r.Authors).Distinct().Order());
    }

    [Fact]
    public async Task A_trickle_that_never_goes_quiet_still_brings_tags_and_authors_up_to_date_every_thirty_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = new List<FeedChanges>();
        var throttle = new FeedRefreshThrottle((changes, _) => { asked.Add(changes); return Task.CompletedTask; }, clock);

        // A file every 0.8 s for 45 s, each draining the inbox: never a second of quiet.
        for (var file = 1; file <= 56; file++)
        {
            await throttle.AfterBatchAsync(FeedChanges.None with { Tags = new HashSet<string> { $"Tag {file}" } }, CancellationToken.None);
            await throttle.DrainedAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(800));
        }

        var sentTags = asked.Where(r => r.Tags.Count > 0).ToArray();
        Assert.True(sentTags.Length >= 2, $"the tags went out {sentTags.Length} time(s) in 45 s");
        Assert.Contains(sentTags.Skip(1).First().Tags, tag => tag == "Tag 20");
    }
}
