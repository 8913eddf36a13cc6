using FeedPublisher.Inbox;
using FeedPublisher.Storage.Postgres;
using Medallion.Threading.Postgres;
using Npgsql;

namespace FeedPublisher.Cluster;

/// <summary>
/// Several instances on one database watch a shared inbox one at a time: the holder of a session-level advisory lock
/// (DistributedLock.Postgres) watches, the others wait for it. When the holder dies its session ends and its lock with
/// it, and a waiting instance takes over at once; a connection that goes quiet is found by the keep-alive.
/// </summary>
internal sealed class SharedInboxTurns(NpgsqlDataSource dataSource, InboxStatus status, ILogger<SharedInboxTurns> logger) : IInboxWatchTurns
{
    private static readonly TimeSpan KeepaliveCadence = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WaitNotice = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly PostgresDistributedLock _lock = new(
        new PostgresAdvisoryLockKey(PostgresLocks.Namespace, PostgresLocks.InboxWatch), dataSource, options => options.KeepaliveCadence(KeepaliveCadence));

    public async Task<IInboxTurn> TakeAsync(CancellationToken cancellationToken)
    {
        var noticed = false;
        var failing = false;
        while (true)
        {
            try
            {
                // A short first try, so a lone instance starts without a "waiting" line; then wait as long as it takes.
                var handle = await _lock.TryAcquireAsync(noticed ? Timeout.InfiniteTimeSpan : WaitNotice, cancellationToken);
                if (handle is not null)
                {
                    status.WatchedElsewhere = false;
                    logger.LogInformation("This instance now watches the shared inbox");
                    return new Turn(handle);
                }
                status.WatchedElsewhere = true;
                logger.LogInformation("Another instance watches the shared inbox; this one takes over if it stops");
                noticed = true;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                if (!failing)
                    logger.LogWarning("Cannot take the inbox's turn ({Reason}); retrying", ex.Message);
                failing = true;
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private sealed class Turn(PostgresDistributedLockHandle handle) : IInboxTurn
    {
        public CancellationToken Lost => handle.HandleLostToken;

        public ValueTask DisposeAsync() => handle.DisposeAsync();
    }
}
