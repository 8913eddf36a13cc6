using System.Text;
using FeedPublisher.Scheduling;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>
/// More tag and author feeds than one regeneration rebuilds (RegenerateFeedsJob.MaxScopesPerRun): the rest follow in
/// the runs after it, by themselves, and the site's feeds never wait for them.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class ManyTagsTests
{
    private const int TagCount = 40;

    [Fact]
    public async Task An_article_with_more_tags_than_one_run_rebuilds_gets_every_tag_feed_in_the_runs_that_follow()
    {
        Assert.True(TagCount > 2 * RegenerateFeedsJob.MaxScopesPerRun, "the article must need at least three runs");
        await using var app = await TestApp.StartAsync(new TestAppSetup());

        var runs = await DropManyTopicsAndWaitForEveryFeedAsync(app);

        // 41 feed sets at 16 a run: at least three runs, each asked for by the one before it.
        Assert.True(runs >= 3, $"{runs} regeneration(s)");
    }

    [PostgresFact]
    public async Task On_postgres_the_clustered_regeneration_takes_them_a_share_a_run_too_and_asks_for_the_next_run_itself()
    {
        using var root = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        // The schedule never fires here: only the runs the regeneration asks for can bring the later tags.
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path),
            "--Storage:Provider=postgres", $"--Storage:ConnectionString={database.ConnectionString}",
            "--Scheduling:RegenerationSchedule=0 0 0 1 1 ? 2099");

        var runs = await DropManyTopicsAndWaitForEveryFeedAsync(app);

        Assert.True(runs >= 3, $"{runs} regeneration(s)");
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        Assert.Equal(await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT MAX(sequence) FROM store_changes"),
            await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT scopes_through_change FROM feed_generations"));
    }

    /// <summary>Drops one article with 40 tags, waits until the site's, every tag's and the author's feed serve it.</summary>
    /// <returns>How many regenerations that took.</returns>
    private static async Task<int> DropManyTopicsAndWaitForEveryFeedAsync(TestApp app)
    {
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => client.Send(FeedHttp.Get("/feeds/atom.xml")).IsSuccessStatusCode, "the empty feed served");
        var before = app.RegenerationsSinceStart;

        app.DropIntoInbox("many.md", Encoding.UTF8.GetBytes(ManyTopics(out var tags)));

        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Forty topics at once"), "the site feed");
        await app.WaitUntilAsync(() => tags.All(tag => FeedHttp.Serves(client, $"/tags/topic-{tag[^2..]}/rss.xml", "Forty topics at once")),
            "every tag's feed", TimeSpan.FromSeconds(60));
        Assert.True(FeedHttp.Serves(client, "/authors/jane-doe/atom.xml", "Forty topics at once"), "the author's feed");
        return app.RegenerationsSinceStart - before;
    }

    private static string ManyTopics(out string[] tags)
    {
        tags = [.. Enumerable.Range(1, TagCount).Select(n => $"Topic {n:D2}")];
        return $"---\ntitle: Forty topics at once\nid: many\nauthors: [Jane Doe]\ntags: [{string.Join(", ", tags)}]\ndate: 2024-03-01T09:00:00Z\n---\n\nThe text.\n";
    }
}
