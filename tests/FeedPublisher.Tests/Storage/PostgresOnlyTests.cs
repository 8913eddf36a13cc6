using Dapper;
using FeedPublisher.Cluster;
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
