using System.Runtime.InteropServices;
using FeedPublisher.Commands;

// A SIGTERM that arrives before the host listens for it (while it is still being built) must still be a clean stop.
using var stopRequested = new CancellationTokenSource();
using var earlySigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopRequested.Cancel();
});

return await FeedPublisherCommands.RunAsync(args, stopRequested.Token);

/// <summary>Entry point, visible to the tests that start the real host.</summary>
public partial class Program;
