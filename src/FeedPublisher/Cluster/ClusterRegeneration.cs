using Dapper;
using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Postgres;
using Npgsql;

namespace FeedPublisher.Cluster;

/// <summary>
/// One regeneration for the whole cluster, on whichever instance the clustered scheduler gave it to. It holds a
/// transaction-scoped advisory lock, so even an instance wrongly declared dead cannot run a second one beside it; it
/// regenerates what the change log says changed since the stored generation, and stores the feeds it produced with
/// the new generation in the same transaction, which every instance then serves.
/// </summary>
public sealed class ClusterRegeneration(
    NpgsqlDataSource dataSource, FeedRegenerator regenerator, ClusterFeedSink sink, ClusterFeedLoader loader, FeedSetWriter writer,
    IStoreChangeLog log, ILogger<ClusterRegeneration> logger)
{
    public enum Outcome
    {
        Done,
        Failed,
        /// <summary>Another instance holds the regeneration lock; its run may not cover changes made after it began.</summary>
        Busy,
    }

    /// <param name="withScopes">
    /// The tag and author feeds too; without, only the site's feeds and the archive pages (mid-burst, as on one machine:
    /// hundreds of tag feeds rebuilt and stored for every batch would hold the burst up).
    /// </param>
    /// <returns>
    /// How it went, how many feed files changed on this instance's disk, and whether tags and authors are left for another
    /// run (more than one run's share changed).
    /// </returns>
    public async Task<(Outcome Outcome, int Written, bool ScopesLeft)> RunAsync(bool withScopes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The transaction (and the lock in it) stays open while the feeds render, the connection idle meanwhile: a
        // server's idle_in_transaction_session_timeout, which managed PostgreSQL services often set, would end it.
        await connection.ExecuteAsync("SET LOCAL idle_in_transaction_session_timeout = 0", transaction: transaction);
        if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@ns, @key)",
                new { ns = PostgresLocks.Namespace, key = PostgresLocks.Regeneration }, transaction))
            return (Outcome.Busy, 0, false);
        // Start from what the cluster serves now, which may be another instance's work.
        await loader.CatchUpAsync(connection, cancellationToken);
        var (_, through, scopesThrough) = await ServedFeedRows.CurrentAsync(connection, transaction, forUpdate: true);
        var latest = await StoreChangeRows.LatestAsync(connection);
        // The site's feeds and archive pages follow the log from their entry, the tags' and authors' from theirs.
        var site = await ChangeLogRange.TouchedAsync(connection, through, latest);
        var changes = site.Everything ? FeedChanges.All : FeedChanges.None with { Positions = site.Positions };
        long? scopesUpTo = null;
        if (changes.Everything || writer.NextRunRebuildsEverything)
            scopesUpTo = latest;
        else if (withScopes)
        {
            // A bounded set of tags and authors a run, as on one machine: after a burst hundreds wait, and rebuilding and
            // storing them all in one run held the next article's site feeds up for seconds on every instance.
            var (scoped, upTo) = await ChangeLogRange.ScopesUpToAsync(connection, scopesThrough, latest, Scheduling.RegenerateFeedsJob.MaxScopesPerRun);
            changes = new FeedChanges(scoped.Tags, scoped.Authors) { Positions = site.Positions };
            scopesUpTo = upTo;
        }
        var written = await regenerator.RegenerateAsync(changes, cancellationToken);
        if (written < 0)
        {
            Forget();
            return (Outcome.Failed, 0, false);
        }
        var stored = false;
        long? generation = null;
        try
        {
            generation = await sink.SaveAsync(connection, transaction, latest, scopesUpTo, log.Writer, cancellationToken);
            if (generation is { } made)
                loader.Produced(made);
            await transaction.CommitAsync(cancellationToken);
            stored = true;
            if (generation is { } committed)
                logger.LogInformation("Stored feed generation {Generation} for every instance, through change {Change}", committed, latest);
            return (Outcome.Done, written, scopesUpTo < latest);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "cluster: the regenerated feeds could not be stored; the last stored ones stay served and it will be retried");
            return (Outcome.Failed, 0, false);
        }
        finally
        {
            // Whatever went wrong, this instance must not believe it serves what it never stored.
            if (!stored)
            {
                Forget();
                // Not committed: another instance may make a generation of this number, which is then not ours.
                if (generation is { } made)
                    loader.NotProduced(made);
            }
        }
    }

    private void Forget()
    {
        sink.Discard();
        writer.ForgetServed();
    }
}
