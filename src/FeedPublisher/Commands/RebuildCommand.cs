using System.CommandLine;
using FeedPublisher.Feeds;

namespace FeedPublisher.Commands;

/// <summary><c>rebuild</c>: every feed and archive page regenerated from the database now.</summary>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("rebuild", "Regenerate every feed and archive page from the database now (pages are made on request).") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync([.. parse.UnmatchedTokens], cancellationToken);
            var regenerator = host.Get<FeedRegenerator>();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // A running server keeps the bodies it serves: this process removes none it did not write.
            host.Get<FeedSetWriter>().KeepBodiesOfOthers = true;
            var written = await regenerator.RegenerateAsync(FeedChanges.All, cancellationToken);
            if (written < 0)
                throw new CommandFailure(ExitCodes.StorageUnavailable, $"the feeds could not be regenerated: {regenerator.LastError}");
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (parse.GetValue(json))
                CommandOutput.WriteJson(new { filesChanged = written, seconds = Math.Round(elapsed, 3) });
            else
                Console.Out.WriteLine($"Regenerated every feed in {elapsed:F1} s: {written} file(s) changed.");
            return ExitCodes.Success;
        });
        return command;
    }
}
