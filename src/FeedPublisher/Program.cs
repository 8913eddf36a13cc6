using System.Runtime.InteropServices;
using FeedPublisher;

// A SIGTERM that arrives before the host listens for it (while it is still being built) must still be a clean stop.
using var stopRequested = new CancellationTokenSource();
using var earlySigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopRequested.Cancel();
});

var app = FeedPublisherApp.Create(args);

// Bad settings are checked before the host starts: the host would log them as "Hosting failed to start" inside a stack
// trace, and the runtime would print the trace again. An operator needs each message once, plainly, and an exit code.
if (FeedPublisherApp.ConfigurationErrors(app) is { Count: > 0 } configurationErrors)
{
    foreach (var error in configurationErrors)
        Console.Error.WriteLine($"FeedPublisher: configuration error: {error}");
    return FeedPublisherApp.ConfigurationErrorExitCode;
}

try
{
    await app.RunAsync(stopRequested.Token);
}
catch (OperationCanceledException)
{
    // Start-up was cancelled because a stop was asked for while services were starting: nothing had been left
    // half-done, so this is a clean stop, not a crash.
    app.Logger.LogInformation("Stopped while starting up");
}
return 0;

/// <summary>Entry point, visible to the tests that start the real host.</summary>
public partial class Program;
