using System.Collections.Concurrent;

namespace FeedPublisher.Inbox;

/// <summary>
/// The hand-over from the file-system watcher's thread to the inbox loop: events wait here until the loop applies
/// them, so only the loop ever touches a candidate. Every event wakes the loop; one pending wake-up is enough.
/// </summary>
internal sealed class InboxEvents(TimeProvider time) : IDisposable
{
    private readonly ConcurrentQueue<(string Path, bool Renamed)> _files = new();
    private readonly SemaphoreSlim _wakeUp = new(0, 1);
    private volatile string? _lostReason;

    /// <summary>A file appeared or changed; <paramref name="renamed"/> when it was moved into place whole.</summary>
    public void File(string path, bool renamed)
    {
        _files.Enqueue((path, renamed));
        WakeUp();
    }

    /// <summary>Events were dropped or the folder went away: the loop should list the folder again.</summary>
    public void Lost(string reason)
    {
        _lostReason = reason;
        WakeUp();
    }

    /// <summary>Hands the queued file events to <paramref name="apply"/>, in order.</summary>
    public void Drain(Action<string, bool> apply)
    {
        while (_files.TryDequeue(out var change))
            apply(change.Path, change.Renamed);
    }

    /// <summary>Why the folder should be listed again, once; null when nothing was lost since the last call.</summary>
    public string? TakeLostReason() => Interlocked.Exchange(ref _lostReason, null);

    public void WakeUp()
    {
        if (_wakeUp.CurrentCount > 0)
            return;
        try
        {
            _wakeUp.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread's wake-up got there first; one is enough.
        }
    }

    /// <summary>Waits for an event or a wake-up, at most <paramref name="timeout"/> on the injected clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            _wakeUp.Wait(0, CancellationToken.None);
            return;
        }
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _wakeUp.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The timeout, not a stop.
        }
    }

    public void Dispose() => _wakeUp.Dispose();
}
