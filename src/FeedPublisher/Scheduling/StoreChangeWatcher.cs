using FeedPublisher.Feeds;
using FeedPublisher.Storage;

namespace FeedPublisher.Scheduling;

/// <summary>
/// Regenerates what other processes changed: a command's ingest, say, while this server runs. It asks
/// the change log for its newest entry (one index lookup) twice a second and, when others wrote, asks for a regeneration of exactly
/// the tags, authors and archive pages they touched. Its own writes it already knows of.
/// </summary>
internal sealed class StoreChangeWatcher : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int ChangesPerRead = 1000;

    private readonly IStoreChangeLog log;
    private readonly FeedRegenerationRequests regeneration;
    private readonly TimeProvider time;
    private readonly ILogger<StoreChangeWatcher> logger;
    private static readonly TimeSpan QuietBeforeNotice = TimeSpan.FromSeconds(10);
    private DateTimeOffset _lastNoticed = DateTimeOffset.MinValue;

    public StoreChangeWatcher(IStoreChangeLog log, FeedRegenerationRequests regeneration, TimeProvider time, ILogger<StoreChangeWatcher> logger)
    {
        this.log = log;
        this.regeneration = regeneration;
        this.time = time;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long seen = -1;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Everything before the first look is the start-up regeneration's.
                if (seen < 0)
                    seen = await log.LatestAsync(stoppingToken);
                else
                    seen = await CatchUpAsync(seen, stoppingToken);
                if (failing)
                    logger.LogInformation("Reading the change log works again");
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!failing)
                    logger.LogWarning("Could not read the change log ({Reason}); other processes' changes wait until it can be read", ex.Message);
                failing = true;
            }
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<long> CatchUpAsync(long seen, CancellationToken stoppingToken)
    {
        if (await log.LatestAsync(stoppingToken) <= seen)
            return seen;
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var authors = new HashSet<string>(StringComparer.Ordinal);
        var positions = new HashSet<long>();
        var others = 0;
        IReadOnlyList<StoreChange> changes;
        do
        {
            changes = await log.SinceAsync(seen, ChangesPerRead, stoppingToken);
            foreach (var change in changes)
            {
                seen = change.Sequence;
                if (change.Writer == log.Writer)
                    continue;
                others++;
                tags.UnionWith(change.Tags);
                authors.UnionWith(change.Authors);
                positions.UnionWith(change.Positions);
            }
        }
        while (changes.Count == ChangesPerRead);
        if (others > 0)
        {
            // One line when another writer starts, not one a second while it goes on.
            var now = time.GetUtcNow();
            if (now - _lastNoticed > QuietBeforeNotice)
                logger.LogInformation("{Count} change(s) by another process; regenerating what they touched", others);
            else
                logger.LogDebug("{Count} more change(s) by another process", others);
            _lastNoticed = now;
            await regeneration.RequestAsync(new FeedChanges(tags, authors) { Positions = positions }, stoppingToken);
        }
        return seen;
    }
}
