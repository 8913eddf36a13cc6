namespace FeedPublisher.Inbox;

/// <summary>
/// The settle policy and the batch bounds: which candidates are read next. A file moved or renamed into place is
/// complete at once; a file written in place is complete once its size and modification time have stayed the same
/// for the settle time, as observed here. The mtime's age alone proves nothing: cp -p and File.Copy give a file still
/// being written its source's old mtime.
/// </summary>
internal static class ReadyFiles
{
    // Small batches keep the memory of a burst low: with up to three in memory (parsing, waiting, storing), a
    // 10,000-file burst peaked near 210 MB at 50 files a batch against 250-270 MB at 75 or 100 (tests/bench).
    public const int MaxBatchFiles = 50;
    private const long MaxBatchBytes = 64L * 1024 * 1024;

    /// <summary>Marks up to a batch of complete, due candidates as in flight and returns their paths, in name order.</summary>
    public static List<string> Take(InboxCandidates candidates, TimeSpan settleTime, DateTimeOffset now)
    {
        var ready = new List<string>();
        List<string>? gone = null;
        long batchBytes = 0;
        var looked = 0;
        foreach (var (path, candidate) in candidates.InNameOrder(c => !c.InFlight && c.NotBefore <= now))
        {
            // Bounded batches keep memory bounded, whatever lands in the inbox at once.
            if (looked++ == MaxBatchFiles || batchBytes >= MaxBatchBytes)
                break;
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // A directory, or a link to one, is not written to: it goes straight to the reader, which rejects it.
                if (Directory.Exists(path) || info.LinkTarget is not null)
                    Take(path, candidate, 0);
                else
                    (gone ??= []).Add(path);
                continue;
            }
            if (!candidate.RenamedIntoPlace)
            {
                candidate.Observe(info.Length, info.LastWriteTimeUtc, now);
                if (now - candidate.UnchangedSince < settleTime)
                    continue;
            }
            Take(path, candidate, info.Length);
        }
        foreach (var path in gone ?? [])
            candidates.Remove(path);
        return ready;

        void Take(string path, InboxCandidate candidate, long length)
        {
            candidate.InFlight = true;
            ready.Add(path);
            batchBytes += length;
        }
    }
}
