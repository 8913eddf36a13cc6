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
            var written = host.Services.GetService<Cluster.ClusterRegeneration>() is { } cluster
                ? await RebuildForTheClusterAsync(cluster, cancellationToken)
                : await regenerator.RegenerateAsync(FeedChanges.All, cancellationToken);
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

    /// <summary>
    /// On PostgreSQL the feeds rebuilt are stored for every instance to serve; a regeneration running elsewhere is
    /// waited for (it holds the cluster's regeneration lock), for up to a minute.
    /// </summary>
    private static async Task<int> RebuildForTheClusterAsync(Cluster.ClusterRegeneration cluster, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var total = 0;
        while (true)
        {
            var (outcome, written, scopesLeft) = await cluster.RunAsync(withScopes: true, cancellationToken);
            total += written;
            if (outcome == Cluster.ClusterRegeneration.Outcome.Done && scopesLeft)
                continue;
            if (outcome != Cluster.ClusterRegeneration.Outcome.Busy)
                return outcome == Cluster.ClusterRegeneration.Outcome.Done ? total : -1;
            if (DateTime.UtcNow > deadline)
                throw new CommandFailure(ExitCodes.StorageUnavailable, "another instance kept regenerating for a minute; try again later");
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
