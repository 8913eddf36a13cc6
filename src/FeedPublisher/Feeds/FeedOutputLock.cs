namespace FeedPublisher.Feeds;

/// <summary>
/// One regeneration at a time per feeds folder, across processes: a command's <c>rebuild</c> beside the running
/// server waits for the server's run, and the server for the command's, so neither replaces or removes files from an
/// older reading of the database while the other writes. A POSIX record lock on <c>.regeneration.lock</c>, released
/// by the kernel if its holder dies.
/// </summary>
internal sealed class FeedOutputLock : IDisposable
{
    public const string FileName = ".regeneration.lock";
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;

    private FeedOutputLock(FileStream file) => _file = file;

    public static async Task<FeedOutputLock> AcquireAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var file = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            // macOS has no FileStream record locks: there, a command's rebuild beside the server does not wait.
            while (!OperatingSystem.IsMacOS())
            {
                try
                {
                    file.Lock(0, 1);
                    return new FeedOutputLock(file);
                }
                catch (IOException)
                {
                    // Held by the other process: its run ends within seconds.
                    await Task.Delay(RetryEvery, cancellationToken);
                }
            }
            return new FeedOutputLock(file);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!OperatingSystem.IsMacOS())
                _file.Unlock(0, 1);
        }
        catch (IOException)
        {
            // Closing the file releases it anyway.
        }
        _file.Dispose();
    }
}
