namespace FeedPublisher.Inbox;

/// <summary>What the inbox is doing, for the health endpoint.</summary>
public sealed class InboxStatus
{
    private int _backlog;
    private volatile bool _watching;

    /// <summary>True once file-system events for the inbox are being received; false while only listing works.</summary>
    public bool Watching
    {
        get => _watching;
        set => _watching = value;
    }

    private volatile bool _watchedElsewhere;

    /// <summary>True while another instance watches a shared inbox and this one waits to take over.</summary>
    public bool WatchedElsewhere
    {
        get => _watchedElsewhere;
        set => _watchedElsewhere = value;
    }

    private volatile bool _hasTurn;

    /// <summary>True while this instance watches the inbox (on a shared one, while it holds the turn).</summary>
    public bool HasTurn
    {
        get => _hasTurn;
        set => _hasTurn = value;
    }

    private string? _lastError;

    /// <summary>Why the inbox could not be read or written lately; null when all is well.</summary>
    public string? LastError
    {
        get => Volatile.Read(ref _lastError);
        set => Volatile.Write(ref _lastError, value);
    }

    private IReadOnlyList<string> _unreadableNames = [];

    /// <summary>Names in the inbox that are not valid UTF-8, so the files cannot be opened or moved; empty when there are none.</summary>
    public IReadOnlyList<string> UnreadableNames
    {
        get => Volatile.Read(ref _unreadableNames);
        set => Volatile.Write(ref _unreadableNames, value);
    }

    /// <summary>Article files seen in the inbox and not yet processed or failed.</summary>
    public int Backlog
    {
        get => Volatile.Read(ref _backlog);
        set => Volatile.Write(ref _backlog, value);
    }
}
