using System.Runtime.InteropServices;

namespace FeedPublisher.Feeds;

/// <summary>
/// Flushes everything written to the file system that holds a folder, in one call (Linux syncfs(2)): what a
/// regeneration that writes hundreds of tag and author feeds does once, instead of an fsync per file.
/// </summary>
public static partial class FileSystemSync
{
    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = Open(folder, 0);
        if (fd < 0)
            throw new IOException($"feeds: could not open {folder} to flush it: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (SyncFs(fd) != 0)
                throw new IOException($"feeds: could not flush {folder} to disk: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
