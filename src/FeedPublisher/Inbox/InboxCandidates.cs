namespace FeedPublisher.Inbox;

/// <summary>A file seen in the inbox and not yet dealt with, and what the inbox loop has observed of it.</summary>
internal sealed class InboxCandidate(DateTimeOffset seenAt)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Moved or renamed into the inbox, so complete at once; a write after that makes it settle again.</summary>
    public bool RenamedIntoPlace { get; set; }

    public long Size { get; private set; } = -1;
    public DateTime LastWriteUtc { get; private set; }
    public DateTimeOffset UnchangedSince { get; private set; } = seenAt;
    public DateTimeOffset NotBefore { get; private set; }
    public int Attempts { get; private set; }

    /// <summary>Taken into a batch that is being parsed or stored.</summary>
    public bool InFlight { get; set; }

    /// <summary>Records the size and time seen now; a change restarts the settle time.</summary>
    public void Observe(long size, DateTime lastWriteUtc, DateTimeOffset now)
    {
        if (size == Size && lastWriteUtc == LastWriteUtc)
            return;
        Size = size;
        LastWriteUtc = lastWriteUtc;
        UnchangedSince = now;
    }

    /// <summary>A passing fault: try again after a delay that doubles with each attempt, up to a minute.</summary>
    public void RetryLater(DateTimeOffset now)
    {
        Attempts++;
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(Attempts - 1, 10));
        NotBefore = now + (delay < MaxRetryDelay ? delay : MaxRetryDelay);
        InFlight = false;
    }
}

/// <summary>
/// The inbox's candidates by path, in ordinal name order as they arrive, so taking the next batch of a 10,000-file
/// burst reads the first names instead of sorting the whole backlog each time. Owned by the inbox loop alone: the
/// file-system watcher's thread only queues events (<see cref="InboxEvents"/>), which the loop applies here.
/// </summary>
internal sealed class InboxCandidates
{
    private readonly Dictionary<string, InboxCandidate> _byPath = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _inNameOrder = new(StringComparer.Ordinal);

    public int Count => _byPath.Count;

    public InboxCandidate GetOrAdd(string path, DateTimeOffset now)
    {
        if (!_byPath.TryGetValue(path, out var candidate))
            TryAdd(path, candidate = new InboxCandidate(now));
        return candidate;
    }

    /// <returns>False when the path was already a candidate.</returns>
    public bool TryAdd(string path, InboxCandidate candidate)
    {
        if (!_byPath.TryAdd(path, candidate))
            return false;
        _inNameOrder.Add(path);
        return true;
    }

    public bool TryGet(string path, out InboxCandidate candidate) => _byPath.TryGetValue(path, out candidate!);

    public void Remove(string path)
    {
        if (_byPath.Remove(path))
            _inNameOrder.Remove(path);
    }

    public string[] Paths() => [.. _inNameOrder];

    public void Clear()
    {
        _byPath.Clear();
        _inNameOrder.Clear();
    }

    public void ReleaseAll()
    {
        foreach (var candidate in _byPath.Values)
            candidate.InFlight = false;
    }

    /// <summary>Candidates that <paramref name="eligible"/> accepts, in name order. Change nothing while walking them.</summary>
    public IEnumerable<KeyValuePair<string, InboxCandidate>> InNameOrder(Func<InboxCandidate, bool> eligible)
    {
        foreach (var path in _inNameOrder)
        {
            var candidate = _byPath[path];
            if (eligible(candidate))
                yield return new(path, candidate);
        }
    }
}
