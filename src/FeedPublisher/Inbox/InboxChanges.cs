namespace FeedPublisher.Inbox;

/// <summary>
/// Tells the inbox about files between its periodic listings. <paramref name="onFile"/> gets a path and whether the
/// file was moved into place (complete at once) rather than written there (to settle first); <paramref name="onLost"/>
/// means events were dropped or the folder itself went away, so the inbox should list the folder again.
/// </summary>
public static class InboxChanges
{
    public static IDisposable Watch(string folder, Action<string, bool> onFile, Action<string> onLost)
    {
        // On Linux, inotify says "moved in" (IN_MOVED_TO) apart from "created"; FileSystemWatcher reports both as
        // Created, which would make every renamed-in file wait out the settle time.
        if (OperatingSystem.IsLinux())
            return new InotifyInboxChanges(folder, onFile, onLost);
        return new FileSystemWatcherInboxChanges(folder, onFile, onLost);
    }
}

/// <summary>The portable watcher: a rename inside the folder is complete, everything else settles.</summary>
internal sealed class FileSystemWatcherInboxChanges : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    public FileSystemWatcherInboxChanges(string folder, Action<string, bool> onFile, Action<string> onLost)
    {
        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, e) => onFile(e.FullPath, false);
        _watcher.Changed += (_, e) => onFile(e.FullPath, false);
        _watcher.Renamed += (_, e) => onFile(e.FullPath, true);
        _watcher.Error += (_, e) => onLost(e.GetException().Message);
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher.Dispose();
}
