namespace FeedPublisher.WebSub;

/// <summary>How each hub has answered its pings lately: what /healthz shows and what decides when to log.</summary>
public sealed class HubStatus
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, State> _hubs = new(StringComparer.Ordinal);

    public sealed record State(string Hub, DateTimeOffset? LastAccepted, DateTimeOffset? LastFailed, string? LastError, int FailuresInARow, long Pinged);

    public IReadOnlyList<State> All
    {
        get
        {
            lock (_lock)
                return [.. _hubs.Values];
        }
    }

    /// <returns>How many pings had failed in a row before this one.</returns>
    public int Accepted(string hub, int topics, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = Get(hub);
            _hubs[hub] = before with { LastAccepted = at, FailuresInARow = 0, Pinged = before.Pinged + topics };
            return before.FailuresInARow;
        }
    }

    /// <returns>How many pings have failed in a row, this one included.</returns>
    public int Failed(string hub, string error, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = Get(hub);
            var after = before with { LastFailed = at, LastError = error, FailuresInARow = before.FailuresInARow + 1 };
            _hubs[hub] = after;
            return after.FailuresInARow;
        }
    }

    private State Get(string hub) => _hubs.TryGetValue(hub, out var state) ? state : new State(hub, null, null, null, 0, 0);
}
