using FeedPublisher.Feeds;

namespace FeedPublisher.Tests.Feeds;

public sealed class FeedChangesTests
{
    [Fact]
    public void Splitting_takes_the_tags_first_then_authors_up_to_the_limit_with_every_position_and_leaves_the_rest()
    {
        var changes = new FeedChanges(new HashSet<string> { "a", "b", "c" }, new HashSet<string> { "x", "y" })
        {
            Positions = new HashSet<long> { 7, 8 },
        };

        var (first, later) = changes.SplitScopes(4);

        Assert.Equal(["a", "b", "c"], first.Tags.Order());
        Assert.Single(first.Authors);
        Assert.Equal([7L, 8L], first.Positions.Order());
        Assert.NotNull(later);
        Assert.Empty(later.Tags);
        Assert.Equal(changes.Authors.Except(first.Authors).Order(), later.Authors.Order());
        Assert.Empty(later.Positions);
    }

    [Fact]
    public void Changes_within_the_limit_and_everything_are_not_split()
    {
        var few = new FeedChanges(new HashSet<string> { "a" }, new HashSet<string> { "x" });
        var all = FeedChanges.All with { Tags = new HashSet<string> { "a", "b", "c" } };

        Assert.Same(few, few.SplitScopes(2).First);
        Assert.Null(few.SplitScopes(2).Later);
        Assert.Same(all, all.SplitScopes(1).First);
        Assert.Null(all.SplitScopes(1).Later);
    }
}
