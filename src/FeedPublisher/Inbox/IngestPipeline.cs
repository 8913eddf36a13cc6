namespace FeedPublisher.Inbox;

/// <summary>
/// Two stages: a batch is read and parsed (in parallel, on every core) while the one before it is stored by the
/// single writer, so a burst keeps both the CPUs and the database busy. At most three small batches are in memory at
/// once: one being parsed, one waiting, one being stored. The caller owns the candidates: it takes each batch and
/// settles each outcome, on its own flow; only the parsing runs elsewhere, on paths.
/// </summary>
internal sealed class IngestPipeline(ArticleIngestor ingestor, FeedRefreshThrottle refresh)
{
    /// <summary>When the tags' and authors' feeds held back after a burst are due: run again then, even with nothing new.</summary>
    public DateTimeOffset? RefreshDueAt => refresh.ScopesDueAt;

    /// <param name="takeReady">The next batch of paths, or none when nothing is ready.</param>
    /// <param name="settle">Deals with a stored batch's outcomes; true when an article changed.</param>
    public async Task RunAsync(
        Func<List<string>> takeReady, Func<IReadOnlyList<ArticleIngestor.Outcome>, bool> settle, CancellationToken stoppingToken)
    {
        var parsing = StartParsing(takeReady(), stoppingToken);
        try
        {
            while (parsing is not null)
            {
                var batch = await parsing;
                parsing = StartParsing(takeReady(), stoppingToken);
                var stored = await ingestor.StoreAsync(batch, stoppingToken);
                await refresh.AfterBatchAsync(settle(stored.Outcomes) ? stored.Changes : null, stoppingToken);
            }
        }
        finally
        {
            // Stopping, or a failure: a batch parsed but not stored stays in the inbox and is taken again later.
            if (parsing is not null)
                await Task.WhenAny(parsing);
        }
        await refresh.DrainedAsync(stoppingToken);
    }

    private Task<ArticleIngestor.ParsedBatch>? StartParsing(List<string> paths, CancellationToken stoppingToken) =>
        paths.Count == 0 ? null : Task.Run(() => ingestor.Parse(paths, stoppingToken), stoppingToken);
}
