namespace FeedPublisher.Inbox;

/// <summary>A file seen in the inbox and not yet dealt with, and what the watcher knows about it.</summary>
internal sealed class InboxCandidate
{
    public bool RenamedIntoPlace;
    public long Size = -1;
    public DateTime LastWriteUtc;
    public DateTimeOffset UnchangedSince;
    public DateTimeOffset NotBefore;
    public int Attempts;

    /// <summary>Taken into a batch that is being parsed or stored.</summary>
    public bool InFlight;
}

/// <summary>
/// The inbox's candidates by path, kept in ordinal name order as they arrive, so taking the next batch of a
/// 10,000-file burst reads the first names instead of sorting the whole backlog each time. The watcher's thread adds
/// while the ingest loop takes, hence the lock.
/// </summary>
internal sealed class InboxCandidates
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, InboxCandidate> _byPath = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _inNameOrder = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
                return _byPath.Count;
        }
    }

    public InboxCandidate GetOrAdd(string path, Func<InboxCandidate> create)
    {
        lock (_lock)
        {
            if (_byPath.TryGetValue(path, out var existing))
                return existing;
            var candidate = create();
            AddUnlocked(path, candidate);
            return candidate;
        }
    }

    /// <returns>False when the path was already a candidate.</returns>
    public bool TryAdd(string path, InboxCandidate candidate)
    {
        lock (_lock)
            return AddUnlocked(path, candidate);
    }

    private bool AddUnlocked(string path, InboxCandidate candidate)
    {
        if (!_byPath.TryAdd(path, candidate))
            return false;
        _inNameOrder.Add(path);
        return true;
    }

    public bool TryGet(string path, out InboxCandidate candidate)
    {
        lock (_lock)
            return _byPath.TryGetValue(path, out candidate!);
    }

    public void Remove(string path)
    {
        lock (_lock)
        {
            if (_byPath.Remove(path))
                _inNameOrder.Remove(path);
        }
    }

    public string[] Paths()
    {
        lock (_lock)
            return [.. _inNameOrder];
    }

    /// <summary>Puts a candidate back, to be tried again no sooner than <paramref name="notBefore"/> says for its attempt count.</summary>
    public void Retry(string path, Func<int, DateTimeOffset> notBefore)
    {
        lock (_lock)
        {
            if (!_byPath.TryGetValue(path, out var candidate))
                return;
            candidate.Attempts++;
            candidate.NotBefore = notBefore(candidate.Attempts);
            candidate.InFlight = false;
        }
    }

    public void ReleaseAll()
    {
        lock (_lock)
        {
            foreach (var candidate in _byPath.Values)
                candidate.InFlight = false;
        }
    }

    /// <summary>Up to <paramref name="max"/> candidates that <paramref name="eligible"/> accepts, in name order.</summary>
    public List<KeyValuePair<string, InboxCandidate>> First(int max, Func<InboxCandidate, bool> eligible)
    {
        var taken = new List<KeyValuePair<string, InboxCandidate>>(Math.Min(max, 128));
        lock (_lock)
        {
            foreach (var path in _inNameOrder)
            {
                var candidate = _byPath[path];
                if (!eligible(candidate))
                    continue;
                taken.Add(new(path, candidate));
                if (taken.Count == max)
                    break;
            }
        }
        return taken;
    }
}
