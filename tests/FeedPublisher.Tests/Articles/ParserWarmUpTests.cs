using FeedPublisher.Articles;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Articles;

public sealed class ParserWarmUpTests
{
    [Fact]
    public async Task The_built_in_article_parses_and_a_preview_of_storing_it_leaves_nothing_behind()
    {
        var sample = ParserWarmUp.Run(Parsers.Create());
        Assert.Equal("Warm-up article for the parser", sample.Title);
        Assert.Equal(["Ann Example", "Bo Sample"], sample.Authors);

        await using var db = await TestStore.CreateAsync();
        var preview = await db.Store.PreviewUpsertAsync([sample], Parsers.PinnedNow, CancellationToken.None);

        Assert.Equal([FeedPublisher.Storage.UpsertOutcome.Inserted], preview);
        Assert.Equal(0, await db.CountArticlesAsync());
        Assert.Empty(await db.QueryAsync<string>("SELECT article_id FROM article_authors"));
    }
}
