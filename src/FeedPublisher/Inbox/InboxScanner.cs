namespace FeedPublisher.Inbox;

/// <summary>
/// Keeps the file-system watcher running and lists the inbox folder: at start, every
/// <see cref="InboxOptions.RescanInterval"/> and whenever the watcher lost events. The listing is the truth: it adds
/// what the watcher missed, forgets candidates that are gone, and reports names that cannot be opened at all.
/// </summary>
internal sealed class InboxScanner(InboxFolders folders, InboxEvents events, InboxStatus status, TimeProvider time, ILogger logger)
    : IDisposable
{
    private IDisposable? _watcher;
    private bool _reportedMissingInbox;
    private bool _firstScan = true;
    private HashSet<string> _unnameable = new(StringComparer.Ordinal);

    /// <param name="applyEvents">Hands the watcher's queued events to the candidates; called after the listing.</param>
    public void Rescan(InboxCandidates candidates, Action applyEvents)
    {
        EnsureInboxExists();
        if (_watcher is null)
            RestartWatcher();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var unnameable = new HashSet<string>(StringComparer.Ordinal);
        // Entries, not only files: a link to a directory, or a directory, named like an article is reported too.
        foreach (var path in Directory.EnumerateFileSystemEntries(folders.Inbox))
        {
            var name = Path.GetFileName(path);
            if (!InboxFolders.IsArticleFileName(name))
                continue;
            if (CannotBeNamed(path))
                unnameable.Add(name);
            else
                listed.Add(path);
        }
        // Events that arrived while the folder was listed are the watcher's, not misses: apply them before counting.
        applyEvents();
        var missedByWatcher = 0;
        foreach (var path in listed)
        {
            if (candidates.TryAdd(path, new InboxCandidate(time.GetUtcNow())))
                missedByWatcher++;
        }
        // Files the watcher did not report mean it lost events or watches a folder that was replaced: renew it.
        if (missedByWatcher > 0 && !_firstScan)
        {
            logger.LogDebug("Listing found {Count} file(s) the watcher missed; renewing the watcher", missedByWatcher);
            RestartWatcher();
        }
        _firstScan = false;
        // A candidate the listing no longer shows has gone: the listing answers that, not a stat per candidate.
        foreach (var path in candidates.Paths())
        {
            if (!listed.Contains(path))
                candidates.Remove(path);
        }
        ReportUnnameable(unnameable);
    }

    /// <summary>
    /// A name that is not valid UTF-8 (Latin-1 from an older system) reaches .NET with U+FFFD in place of the bad
    /// bytes, and that string names no file: it can be neither read nor moved, only reported.
    /// </summary>
    public static bool CannotBeNamed(string path) => path.Contains('\uFFFD') && !File.Exists(path);

    private void ReportUnnameable(HashSet<string> names)
    {
        foreach (var name in names)
        {
            if (!_unnameable.Contains(name))
                logger.LogWarning(
                    "Inbox file {File} has a name that is not valid UTF-8, so it cannot be opened or moved; rename it to a UTF-8 name (for example with convmv -f latin1 -t utf8 --notest)",
                    name);
        }
        _unnameable = names;
        status.UnreadableNames = [.. names.Order(StringComparer.Ordinal)];
    }

    private void EnsureInboxExists()
    {
        if (Directory.Exists(folders.Inbox))
        {
            _reportedMissingInbox = false;
            return;
        }
        if (!_reportedMissingInbox)
            logger.LogWarning("Inbox {Inbox} is missing; creating it again", folders.Inbox);
        _reportedMissingInbox = true;
        folders.EnsureExist();
        RestartWatcher();
    }

    private void RestartWatcher()
    {
        _watcher?.Dispose();
        _watcher = null;
        status.Watching = false;
        try
        {
            _watcher = InboxChanges.Watch(folders.Inbox, events.File, events.Lost);
            status.Watching = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not watch {Inbox} ({Reason}); relying on periodic listing", folders.Inbox, ex.Message);
        }
    }

    /// <summary>Stops receiving file-system events until the next listing starts the watcher again.</summary>
    public void StopWatching()
    {
        _watcher?.Dispose();
        _watcher = null;
        status.Watching = false;
    }

    public void Dispose() => _watcher?.Dispose();
}
