using System.Diagnostics;

namespace FeedPublisher.Feeds;

/// <summary>
/// Runs a regeneration (<see cref="FeedSetWriter"/>) and keeps its record: when it last succeeded, why it last failed.
/// A failure leaves the last good feeds in place and is logged once per streak, not on every attempt.
/// </summary>
public sealed class FeedRegenerator(FeedSetWriter writer, TimeProvider time, ILogger<FeedRegenerator> logger, Metrics.FeedPublisherMetrics? metrics = null)
{
    private readonly Lock _stateLock = new();
    private DateTimeOffset? _lastSuccess;
    private string? _lastError;
    private int _failuresInARow;
    private long _completed;

    /// <summary>Regenerations that succeeded since start-up.</summary>
    public long CompletedRegenerations => Interlocked.Read(ref _completed);

    /// <summary>When feeds were last regenerated successfully; null before the first time.</summary>
    public DateTimeOffset? LastRegeneratedAt
    {
        get { lock (_stateLock) return _lastSuccess; }
    }

    /// <summary>How many regenerations in a row have failed; 0 after a success.</summary>
    public int ConsecutiveFailures
    {
        get { lock (_stateLock) return _failuresInARow; }
    }

    /// <summary>Why the latest regeneration failed; null when it succeeded.</summary>
    public string? LastError
    {
        get { lock (_stateLock) return _lastError; }
    }

    /// <summary>Everything, as at start-up.</summary>
    public Task<int> RegenerateAsync(CancellationToken cancellationToken) => RegenerateAsync(FeedChanges.All, cancellationToken);

    /// <param name="changes">The tags and authors whose articles changed since the last run.</param>
    /// <returns>How many feed files changed on disk; -1 when the regeneration failed.</returns>
    public async Task<int> RegenerateAsync(FeedChanges changes, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (written, entries, rebuilt) = await writer.WriteAsync(changes, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            int previousFailures;
            lock (_stateLock)
            {
                previousFailures = _failuresInARow;
                _failuresInARow = 0;
                _lastError = null;
                _lastSuccess = time.GetUtcNow();
            }
            Interlocked.Increment(ref _completed);
            metrics?.Regenerated(Stopwatch.GetElapsedTime(started), written);
            if (previousFailures > 0)
                logger.LogInformation("Feed regeneration recovered after {Failures} failed attempt(s)", previousFailures);
            if (written > 0)
                logger.LogInformation("Regenerated feeds: {Written} file(s) changed, {Entries} entries in the site feeds, {Scopes} tag and author feed set(s) rebuilt, in {ElapsedMs:F1} ms",
                    written, entries, rebuilt, elapsed);
            else
                logger.LogDebug("Regenerated feeds: nothing changed ({Entries} entries, {ElapsedMs:F1} ms)", entries, elapsed);
            return written;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            int failures;
            lock (_stateLock)
            {
                failures = ++_failuresInARow;
                _lastError = $"{ex.GetType().Name}: {ex.Message}";
            }
            metrics?.Regenerated(Stopwatch.GetElapsedTime(started), -1);
            if (failures == 1)
                logger.LogError(ex, "feeds: regeneration failed; the last good feeds stay in place and it will be retried");
            else
                logger.LogDebug("feeds: regeneration failed again ({Failures} in a row): {Error}", failures, ex.Message);
            return -1;
        }
    }
}
