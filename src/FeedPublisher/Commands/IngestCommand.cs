using System.CommandLine;
using System.Diagnostics;
using FeedPublisher.Articles;
using FeedPublisher.Inbox;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Commands;

/// <summary>
/// <c>ingest FILE|FOLDER... [--move]</c>: stores articles through the inbox's parse and store path, in batches of the
/// same size, one transaction each. The originals stay where they are unless <c>--move</c> files them like the inbox
/// does (processed/, or failed/ with a note). A running server regenerates the feeds within a couple of seconds (the
/// change log); without one, <c>rebuild</c> or the next start does.
/// </summary>
internal static class IngestCommand
{
    private const int BatchSize = 50;

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Article files, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var move = new Option<bool>("--move") { Description = "File each original away afterwards, as the inbox does: processed/, or failed/ with a note." };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("ingest", "Store article files now, as the inbox would, and print a summary.") { paths, move, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync(FeedPublisherCommands.Settings(parse, paths), cancellationToken);
            return await RunAsync(host, ArticleFiles.Expand(FeedPublisherCommands.Values(parse, paths)), parse.GetValue(move), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private sealed record Failure(string File, string Reason);

    private static async Task<int> RunAsync(CommandHost host, IReadOnlyList<string> files, bool move, bool json, CancellationToken cancellationToken)
    {
        var parser = host.Get<ArticleParser>();
        var store = host.Get<IArticleStore>();
        var mover = host.Get<InboxFileMover>();
        var time = host.Get<TimeProvider>();
        var maxBytes = host.Get<IOptions<InboxOptions>>().Value.MaxFileBytes;
        if (move)
            host.Get<InboxFolders>().EnsureExist();
        var counts = new Dictionary<UpsertOutcome, int> { [UpsertOutcome.Inserted] = 0, [UpsertOutcome.Updated] = 0, [UpsertOutcome.Unchanged] = 0 };
        var failures = new List<Failure>();
        var clock = Stopwatch.StartNew();
        async Task StoreBatchAsync(string[] batch, IngestProgress progress)
        {
            var parsed = new (Article? Article, string? Problem)[batch.Length];
            Parallel.For(0, batch.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => parsed[i] = ArticleFiles.Parse(parser, batch[i], maxBytes));
            var articles = parsed.Where(p => p.Article is not null).Select(p => p.Article!).ToArray();
            UpsertResults stored;
            try
            {
                stored = await store.UpsertAsync(articles, time.GetUtcNow(), cancellationToken);
            }
            catch (StorageException ex)
            {
                throw new CommandFailure(ExitCodes.StorageUnavailable, $"{ex.Message}: {ex.InnerException?.Message}; the files of this batch and after it were not stored");
            }
            var next = 0;
            for (var i = 0; i < batch.Length; i++)
            {
                if (parsed[i].Article is { } article)
                {
                    var outcome = stored[next++];
                    counts[outcome]++;
                    if (move)
                        mover.MoveToProcessed(batch[i]);
                    progress.Done(batch[i], Describe(outcome), article.Id);
                }
                else
                {
                    failures.Add(new Failure(batch[i], parsed[i].Problem!));
                    if (move && File.Exists(batch[i]))
                        mover.MoveToFailed(batch[i], InboxRejection.BadArticle(parsed[i].Problem!));
                    progress.Done(batch[i], "failed", parsed[i].Problem!);
                }
            }
        }

        await IngestProgress.RunAsync(files.Count, quiet: json, async progress =>
        {
            foreach (var batch in files.Chunk(BatchSize))
                await StoreBatchAsync(batch, progress);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        if (json)
        {
            CommandOutput.WriteJson(new
            {
                files = files.Count, @new = counts[UpsertOutcome.Inserted], updated = counts[UpsertOutcome.Updated],
                unchanged = counts[UpsertOutcome.Unchanged], failed = failures.Count, seconds = Math.Round(seconds, 3),
                failures = failures.Select(f => new { file = f.File, reason = f.Reason }),
            });
        }
        else
        {
            Console.Out.WriteLine($"{files.Count} file(s) in {seconds:F1} s: {counts[UpsertOutcome.Inserted]} new, {counts[UpsertOutcome.Updated]} updated, " +
                $"{counts[UpsertOutcome.Unchanged]} unchanged, {failures.Count} failed");
            foreach (var failure in failures)
                CommandOutput.Error($"{failure.File}: {failure.Reason}");
        }
        return failures.Count > 0 ? ExitCodes.InputProblem : ExitCodes.Success;
    }

    private static string Describe(UpsertOutcome outcome) => outcome switch
    {
        UpsertOutcome.Inserted => "new",
        UpsertOutcome.Updated => "updated",
        _ => "unchanged",
    };
}
