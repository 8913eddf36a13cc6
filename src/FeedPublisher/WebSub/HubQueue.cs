namespace FeedPublisher.WebSub;

/// <summary>
/// The topics waiting to be announced to one hub: a set, so a feed changed ten times in a burst is pinged once, and
/// bounded by the number of feeds.
/// </summary>
internal sealed class HubQueue(Uri hub)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0, 1);

    public Uri Hub { get; } = hub;

    /// <param name="wake">False to keep them for the next ping without asking for one (topics a failed ping gives back).</param>
    public void Add(IEnumerable<string> topics, bool wake = true)
    {
        lock (_lock)
        {
            _topics.UnionWith(topics);
            if (!wake || _topics.Count == 0 || _signal.CurrentCount > 0)
                return;
            _signal.Release();
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);

    /// <summary>Until a change arrives or the time is up, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Everything waiting, in a stable order; the queue is empty afterwards.</summary>
    public string[] TakeAll()
    {
        lock (_lock)
        {
            var topics = _topics.Order(StringComparer.Ordinal).ToArray();
            _topics.Clear();
            return topics;
        }
    }
}
