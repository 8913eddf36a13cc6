using FeedPublisher;

var app = FeedPublisherApp.Create(args);
try
{
    await app.RunAsync();
}
catch (OperationCanceledException)
{
    // Start-up was cancelled because a stop was asked for (SIGTERM, Ctrl+C) while services were starting:
    // nothing had been left half-done, so this is a clean stop, not a crash.
    app.Logger.LogInformation("Stopped while starting up");
}

/// <summary>Entry point, visible to the tests that start the real host.</summary>
public partial class Program;
