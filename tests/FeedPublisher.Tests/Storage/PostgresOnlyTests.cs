using Dapper;
using FeedPublisher.Cluster;
using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Postgres;
using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FeedPublisher.Tests.Storage;

/// <summary>What only several instances on one PostgreSQL database need: migrations and regenerations that take turns.</summary>
[Collection(RealAppCollection.Name)]
public sealed class PostgresOnlyTests
{
    [PostgresFact]
    public async Task Instances_starting_together_on_an_empty_database_migrate_it_once()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToArray();
        try
        {
            await Task.WhenAll(sources.Select(source =>
                Task.Run(() => new PostgresArticleStore(source, NullLogger<PostgresArticleStore>.Instance).MigrateAsync(CancellationToken.None))));

            await using var connection = await sources[0].OpenConnectionAsync();
            Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        }
        finally
        {
            foreach (var source in sources)
                await source.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task The_change_log_hands_out_a_bursts_tags_and_authors_a_bounded_share_at_a_time_and_every_one_once()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgresArticleStore(source, NullLogger<PostgresArticleStore>.Instance);
        await store.MigrateAsync(CancellationToken.None);
        var at = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var burst = Enumerable.Range(0, 10).Select(i => TestStore.Article($"story-{i}", $"Story {i}", at.AddMinutes(-i),
            tags: [$"Topic {i}a", $"Topic {i}b", $"Topic {i}c"], authors: [$"Writer {i}"])).ToArray();
        await store.UpsertAsync(burst, at, CancellationToken.None);
        await store.UpsertAsync([TestStore.Article("late", "Late", at, tags: ["Topic 0a", "Weather"], authors: ["Writer 0"])], at, CancellationToken.None);
        await using var connection = await source.OpenConnectionAsync();
        var latest = await StoreChangeRows.LatestAsync(connection);

        var shares = new List<FeedChanges>();
        for (var cursor = 0L; cursor < latest;)
        {
            var (share, through) = await ChangeLogRange.ScopesUpToAsync(connection, cursor, latest, maxScopes: 16);
            Assert.True(through > cursor, $"the cursor must move on from {cursor}");
            shares.Add(share);
            cursor = through;
            Assert.True(shares.Count < 10, "the walk must end");
        }

        Assert.True(shares.Count >= 3, $"{shares.Count} share(s) for 43 names at 16 a share");
        Assert.All(shares, share => Assert.InRange(share.Tags.Count + share.Authors.Count, 1, 16));
        Assert.Equal(burst.SelectMany(a => a.Tags).Append("Weather").Order(StringComparer.Ordinal),
            shares.SelectMany(share => share.Tags).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(burst.SelectMany(a => a.Authors).Order(StringComparer.Ordinal),
            shares.SelectMany(share => share.Authors).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal((FeedChanges.None, latest), await ChangeLogRange.ScopesUpToAsync(connection, latest, latest, 16));
    }

    [PostgresFact]
    public async Task A_regeneration_while_another_holds_the_clusters_lock_is_refused_not_run_beside_it()
    {
        using var root = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path),
            "--Storage:Provider=postgres", $"--Storage:ConnectionString={database.ConnectionString}");
        var regeneration = app.Services.GetRequiredService<ClusterRegeneration>();
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();

        // As a node wrongly declared dead would: it still holds the lock while the scheduler hands the job to this one.
        await other.ExecuteAsync("SELECT pg_advisory_lock(@ns, @key)", new { ns = PostgresLocks.Namespace, key = PostgresLocks.Regeneration });
        var whileHeld = await regeneration.RunAsync(withScopes: true, CancellationToken.None);
        await other.ExecuteAsync("SELECT pg_advisory_unlock(@ns, @key)", new { ns = PostgresLocks.Namespace, key = PostgresLocks.Regeneration });
        // The service's own job, refused while the lock was held, retries by itself and may hold it for a moment now.
        var afterwards = await regeneration.RunAsync(withScopes: true, CancellationToken.None);
        for (var attempt = 1; afterwards.Outcome == ClusterRegeneration.Outcome.Busy && attempt < 20; attempt++)
        {
            await Task.Delay(250);
            afterwards = await regeneration.RunAsync(withScopes: true, CancellationToken.None);
        }

        Assert.Equal(ClusterRegeneration.Outcome.Busy, whileHeld.Outcome);
        Assert.Equal(ClusterRegeneration.Outcome.Done, afterwards.Outcome);
    }
}
