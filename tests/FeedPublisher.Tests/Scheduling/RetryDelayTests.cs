using FeedPublisher.Scheduling;

namespace FeedPublisher.Tests.Scheduling;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(50, 60)]
    public void Failed_regenerations_are_retried_with_doubling_delays_capped_at_a_minute(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RegenerateFeedsJob.RetryDelay(failures));
    }
}
