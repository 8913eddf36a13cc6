namespace FeedPublisher.Commands;

/// <summary>The service, as <c>dotnet run --project src/FeedPublisher</c> has always started it.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] configurationArgs, CancellationToken stopRequested)
    {
        var app = FeedPublisherApp.Create(configurationArgs);

        // Bad settings are checked before the host starts: the host would log them as "Hosting failed to start" inside
        // a stack trace, and the runtime would print the trace again. An operator needs each message once, plainly.
        if (FeedPublisherApp.ConfigurationErrors(app) is { Count: > 0 } configurationErrors)
        {
            foreach (var error in configurationErrors)
                Console.Error.WriteLine($"FeedPublisher: configuration error: {error}");
            return FeedPublisherApp.ConfigurationErrorExitCode;
        }

        try
        {
            await app.RunAsync(stopRequested);
        }
        catch (OperationCanceledException)
        {
            // Start-up was cancelled because a stop was asked for while services were starting: nothing had been left
            // half-done, so this is a clean stop, not a crash.
            app.Logger.LogInformation("Stopped while starting up");
        }
        return ExitCodes.Success;
    }
}
