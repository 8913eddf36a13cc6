using System.Runtime.InteropServices;
using FeedPublisher.Inbox;

namespace FeedPublisher.Feeds;

/// <summary>
/// A tag's, author's or archive page's feed under its public path (<c>feeds/tags/transport/rss.xml</c>), for static
/// hosting, people and the start-up loader: a hard link to its stored body, which never changes, so a regeneration
/// writes and flushes each feed's bytes once, not twice. Where a link cannot be made (another file system, or not
/// Linux) it is a copy, written atomically.
/// </summary>
internal static partial class PublicFeedCopy
{
    /// <returns>True when the public path changed; false when it already was this body.</returns>
    public static async Task<bool> PlaceAsync(string publicPath, string bodyPath, byte[] bytes, bool flushToDisk, CancellationToken cancellationToken)
    {
        if (InboxFileOpener.IdentityOf(publicPath, followSymlinks: false) is { } current
            && current == InboxFileOpener.IdentityOf(bodyPath, followSymlinks: false))
            return false;
        if (OperatingSystem.IsLinux())
        {
            var temp = Path.Combine(Path.GetDirectoryName(publicPath)!, $".{Path.GetFileName(publicPath)}.{Guid.NewGuid():N}{AtomicFileWriter.TempSuffix}");
            if (Link(bodyPath, temp) == 0)
            {
                File.Move(temp, publicPath, overwrite: true);
                return true;
            }
        }
        return await AtomicFileWriter.WriteIfChangedAsync(publicPath, bytes, cancellationToken, flushToDisk: flushToDisk);
    }

    /// <summary>Removes the public files of a feed nothing serves any more, and its folder once empty.</summary>
    public static void Remove(IEnumerable<string> publicPaths)
    {
        foreach (var path in publicPaths)
        {
            try
            {
                File.Delete(path);
                var folder = Path.GetDirectoryName(path)!;
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    Directory.Delete(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next full regeneration, which removes what the catalogue no longer has.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
