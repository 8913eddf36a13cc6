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
internal sealed class SharedInboxTurns : IInboxWatchTurns, IAsyncDisposable
{
    private static readonly TimeSpan KeepaliveCadence = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WaitNotice = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the server checks that the holder's client is still there. The lock's connection spends its time in a
    /// long query that watches for a lost connection; a server only notices a client that died in the middle of a
    /// query when it checks (PostgreSQL 14 and later), so without this a killed holder kept the inbox for a minute.
    /// </summary>
    private const int ClientCheckMilliseconds = 1000;

    private readonly NpgsqlDataSource _lockConnections;
    private readonly PostgresDistributedLock _lock;
    private readonly InboxStatus _status;
    private readonly ILogger<SharedInboxTurns> _logger;

    public SharedInboxTurns(Microsoft.Extensions.Options.IOptions<Storage.StorageOptions> storage, InboxStatus status, ILogger<SharedInboxTurns> logger)
    {
        var connection = new NpgsqlConnectionStringBuilder(storage.Value.ConnectionString) { ApplicationName = "FeedPublisher inbox turn" };
        connection.Options = $"{connection.Options} -c client_connection_check_interval={ClientCheckMilliseconds}".Trim();
        _lockConnections = NpgsqlDataSource.Create(connection.ConnectionString);
        _lock = new(new PostgresAdvisoryLockKey(PostgresLocks.Namespace, PostgresLocks.InboxWatch), _lockConnections,
            options => options.KeepaliveCadence(KeepaliveCadence));
        _status = status;
        _logger = logger;
    }

    public ValueTask DisposeAsync() => _lockConnections.DisposeAsync();

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
                    _status.WatchedElsewhere = false;
                    if (failing)
                        _status.LastError = null;
                    _logger.LogInformation("This instance now watches the shared inbox");
                    return new Turn(handle);
                }
                _status.WatchedElsewhere = true;
                _logger.LogInformation("Another instance watches the shared inbox; this one takes over if it stops");
                noticed = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!failing)
                    _logger.LogWarning("Cannot take the inbox's turn ({Reason}); retrying", ex.Message);
                failing = true;
                _status.LastError = $"cannot take the shared inbox's turn: {ex.Message}";
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private sealed class Turn(PostgresDistributedLockHandle handle) : IInboxTurn
    {
        public CancellationToken Lost => handle.HandleLostToken;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await handle.DisposeAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // The connection that held the lock is gone, and the lock with it: nothing is left to release.
            }
        }
    }
}
