namespace FeedPublisher.Inbox;

/// <summary>
/// Whether this instance may watch the inbox. On one machine it always may; several instances sharing one inbox
/// folder (on NFS, say) take turns, one at a time, so a file is read, stored and moved by exactly one of them.
/// </summary>
public interface IInboxWatchTurns
{
    /// <summary>Waits until it is this instance's turn; the turn ends when disposed, or when <see cref="IInboxTurn.Lost"/> fires.</summary>
    Task<IInboxTurn> TakeAsync(CancellationToken cancellationToken);
}

public interface IInboxTurn : IAsyncDisposable
{
    /// <summary>Cancelled when the turn is lost (the connection that held it went away): stop, and take a new turn.</summary>
    CancellationToken Lost { get; }
}

/// <summary>One instance, its own inbox: always its turn.</summary>
internal sealed class OwnInbox : IInboxWatchTurns, IInboxTurn
{
    public CancellationToken Lost => CancellationToken.None;

    public Task<IInboxTurn> TakeAsync(CancellationToken cancellationToken) => Task.FromResult<IInboxTurn>(this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
