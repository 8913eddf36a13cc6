namespace FeedPublisher.Feeds;

/// <summary>
/// The bodies of feeds served from disk, in <c>feeds/.served/</c>, named by the identity body's tag: <c>{tag}</c>,
/// <c>{tag}.gz</c>, <c>{tag}.br</c>. A name's bytes never change, so a response that has opened one always sends the
/// bytes its ETag names; a new version of a feed is new files, and the old ones go once nothing serves them. A
/// regeneration writes only the identity body; a compressed one is made the first time a reader asks for it, so a
/// burst that touches hundreds of tag and author feeds does not compress hundreds of feeds nobody has fetched yet.
/// </summary>
public sealed class ServedBodyStore(FeedOutputFolder folder)
{
    public const string FolderName = ".served";

    public string FullPath => Path.Combine(folder.FullPath, FolderName);

    /// <summary>Writes the identity body unless it is there already.</summary>
    /// <param name="flushToDisk">False when the caller flushes the regeneration's files all at once before serving them.</param>
    public async Task<StoredBodies> StoreAsync(string tag, byte[] identity, bool flushToDisk, CancellationToken cancellationToken)
    {
        var identityPath = folder.PathOf(Path.Combine(FolderName, tag));
        // Rewritten unless whole: a crash before the flush can leave a body cut short under its name.
        if (!File.Exists(identityPath) || new FileInfo(identityPath).Length != identity.Length)
            await AtomicFileWriter.WriteIfChangedAsync(identityPath, identity, cancellationToken, flushToDisk: flushToDisk);
        return Bodies(identityPath, identity.Length);
    }

    /// <summary>
    /// The bodies stored for this tag, or null when its identity body is missing or is not <paramref name="length"/>
    /// bytes long (cut short by a crash before it was flushed).
    /// </summary>
    public StoredBodies? Find(string tag, long length)
    {
        var identity = new FileInfo(Path.Combine(FullPath, tag));
        return identity.Exists && identity.Length == length ? Bodies(identity.FullName, identity.Length) : null;
    }

    /// <summary>
    /// Makes the compressed body <paramref name="path"/> (<c>{tag}.gz</c> or <c>{tag}.br</c>) from its identity body when
    /// it is not there yet; false when the identity body is gone too (a newer version replaced it).
    /// </summary>
    public static async Task<bool> EnsureCompressedAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
            return true;
        var identityPath = path[..path.LastIndexOf('.')];
        byte[] identity;
        try
        {
            identity = await File.ReadAllBytesAsync(identityPath, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        var compressed = path.EndsWith(".gz", StringComparison.Ordinal) ? FeedBodies.Gzip(identity) : FeedBodies.Brotli(identity);
        // Two requests may both get here: each writes the same bytes and the second rename changes nothing.
        await AtomicFileWriter.WriteIfChangedAsync(path, compressed, cancellationToken);
        return true;
    }

    /// <summary>The compressed bodies' lengths are not known until they are made: 0 here, the file's when sent.</summary>
    private static StoredBodies Bodies(string identityPath, long identityLength) =>
        new(identityPath, identityLength, identityPath + ".gz", 0, identityPath + ".br", 0);

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
