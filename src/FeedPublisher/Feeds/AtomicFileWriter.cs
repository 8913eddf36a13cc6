namespace FeedPublisher.Feeds;

/// <summary>
/// Replaces a file so that no reader ever sees half of it: write a temp file in the same folder, flush it to disk,
/// rename it over the old one. Files whose bytes would not change are left alone, so their mtime stays too.
/// </summary>
public static class AtomicFileWriter
{
    public const string TempSuffix = ".tmp";

    /// <returns>True when the file was written, false when it already held these bytes.</returns>
    /// <param name="openTemp">Opens the temp file for writing; tests pass one that fails like a full disk.</param>
    /// <param name="flushToDisk">
    /// False when the caller writes many files and flushes them all at once (<see cref="FileSystemSync"/>) before anyone
    /// relies on them: one flush of the file system costs what one file's does.
    /// </param>
    public static async Task<bool> WriteIfChangedAsync(
        string path, byte[] bytes, CancellationToken cancellationToken, Func<string, Stream>? openTemp = null, bool flushToDisk = true)
    {
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length
            && (await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(bytes))
            return false;

        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            await using (var stream = (openTemp ?? OpenTemp)(temp))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                if (stream is FileStream file && flushToDisk)
                    file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static FileStream OpenTemp(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
