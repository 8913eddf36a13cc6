namespace FeedPublisher.Feeds;

/// <summary>
/// The bodies of feeds served from disk, in <c>feeds/.served/</c>, named by the identity body's tag: <c>{tag}</c>,
/// <c>{tag}.gz</c>, <c>{tag}.br</c>. A name's bytes never change, so a response that has opened one always sends the
/// bytes its ETag names; a new version of a feed is new files, and the old ones go once nothing serves them.
/// </summary>
public sealed class ServedBodyStore(FeedOutputFolder folder)
{
    public const string FolderName = ".served";

    public string FullPath => Path.Combine(folder.FullPath, FolderName);

    /// <summary>Writes the three bodies unless they are there already (then nothing is compressed).</summary>
    public async Task<StoredBodies> StoreAsync(string tag, byte[] identity, CancellationToken cancellationToken)
    {
        var identityPath = folder.PathOf(Path.Combine(FolderName, tag));
        var gzipPath = identityPath + ".gz";
        var brotliPath = identityPath + ".br";
        // The identity last: where it exists, the compressed bodies were written before it.
        if (!File.Exists(identityPath) || !File.Exists(gzipPath) || !File.Exists(brotliPath))
        {
            await AtomicFileWriter.WriteIfChangedAsync(gzipPath, FeedBodies.Gzip(identity), cancellationToken);
            await AtomicFileWriter.WriteIfChangedAsync(brotliPath, FeedBodies.Brotli(identity), cancellationToken);
            await AtomicFileWriter.WriteIfChangedAsync(identityPath, identity, cancellationToken);
        }
        return new StoredBodies(identityPath, identity.Length, gzipPath, new FileInfo(gzipPath).Length, brotliPath, new FileInfo(brotliPath).Length);
    }

    /// <summary>The bodies already stored for this tag, or null when any of them is missing.</summary>
    public StoredBodies? Find(string tag)
    {
        var identity = new FileInfo(Path.Combine(FullPath, tag));
        var gzip = new FileInfo(identity.FullName + ".gz");
        var brotli = new FileInfo(identity.FullName + ".br");
        return identity.Exists && gzip.Exists && brotli.Exists
            ? new StoredBodies(identity.FullName, identity.Length, gzip.FullName, gzip.Length, brotli.FullName, brotli.Length)
            : null;
    }

    /// <summary>Removes the bodies of a tag nothing serves any more. A response already sending one keeps its open file.</summary>
    public void Remove(string tag)
    {
        foreach (var suffix in (string[])["", ".gz", ".br"])
            TryDelete(Path.Combine(FullPath, tag + suffix));
    }

    /// <summary>Removes every stored body whose tag is not in <paramref name="kept"/> (left by an earlier run).</summary>
    public void RemoveAllBut(IReadOnlySet<string> kept)
    {
        if (!Directory.Exists(FullPath))
            return;
        foreach (var path in Directory.EnumerateFiles(FullPath))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
                continue; // a write in progress: AtomicFileWriter's temp file
            var dot = name.IndexOf('.');
            if (!kept.Contains(dot < 0 ? name : name[..dot]))
                TryDelete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep.
        }
    }
}
