using System.Buffers;
using System.Diagnostics;
using FeedPublisher.Articles;
using FeedPublisher.Feeds;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

public enum IngestResult
{
    /// <summary>Stored (or already stored) and moved to the processed folder.</summary>
    Processed,

    /// <summary>Cannot be published; moved to the failed folder with an error sidecar.</summary>
    Failed,

    /// <summary>Left in the inbox because of a passing fault (locked file, busy database); try again later.</summary>
    Retry,

    /// <summary>The file vanished before it could be read.</summary>
    Gone,
}

/// <summary>
/// Takes settled inbox files through the pipeline: read, parse (in parallel), store (one transaction per batch),
/// then move each original. The database commit comes before the move, so a crash in between only means the file
/// is ingested again, finds its content unchanged and is moved.
/// </summary>
public sealed class ArticleIngestor(
    ArticleParser parser,
    IArticleStore store,
    InboxFileMover mover,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<ArticleIngestor> logger,
    Metrics.FeedPublisherMetrics? metrics = null)
{
    /// <summary>
    /// Enough rounds for the runtime to count the hot framework methods and recompile them optimized (its threshold is
    /// 30 calls), in the background, before a burst arrives.
    /// </summary>
    private const int WarmUpRounds = 40;

    public sealed record Outcome(string Path, IngestResult Result, UpsertOutcome? Stored = null);

    /// <summary>A batch read and parsed, not yet stored: what <see cref="StoreAsync"/> takes.</summary>
    public sealed class ParsedBatch
    {
        internal ParsedBatch(IReadOnlyList<string> paths, ParseResult[] results, TimeSpan parseTime)
        {
            Paths = paths;
            Results = results;
            ParseTime = parseTime;
        }

        public IReadOnlyList<string> Paths { get; }
        internal ParseResult[] Results { get; }
        internal TimeSpan ParseTime { get; }
    }

    /// <summary>Compiles the parse and store paths before the first real file arrives (see <see cref="ParserWarmUp"/>).</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var round = 0; round < WarmUpRounds; round++)
                await store.PreviewUpsertAsync([ParserWarmUp.Run(parser)], time.GetUtcNow(), cancellationToken);
            logger.LogDebug("Warmed up parsing and storing in {ElapsedMs:F0} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a head start: the first real article would meet the same problem and report it properly.
            logger.LogDebug(ex, "Warm-up failed");
        }
    }

    /// <summary>A stored batch: each file's outcome, and which tags' and authors' feeds it changed.</summary>
    public sealed record StoredBatch(IReadOnlyList<Outcome> Outcomes, FeedChanges Changes);

    public async Task<IReadOnlyList<Outcome>> IngestAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        (await StoreAsync(Parse(paths, cancellationToken), cancellationToken)).Outcomes;

    /// <summary>Reads and parses every file, in parallel. Touches neither the database nor the files' places.</summary>
    public ParsedBatch Parse(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = new ParseResult[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => parsed[i] = ReadAndParse(paths[i]));
        return new ParsedBatch(paths, parsed, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Stores the parsed articles in one transaction, then moves each original to processed/ or failed/.</summary>
    public async Task<StoredBatch> StoreAsync(ParsedBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var paths = batch.Paths;
        var parsed = batch.Results;
        var outcomes = new Outcome[paths.Count];
        var articles = parsed.Where(p => p.Article is not null).Select(p => p.Article!).ToArray();
        UpsertResults stored;
        try
        {
            stored = await store.UpsertAsync(articles, time.GetUtcNow(), cancellationToken);
        }
        catch (StorageException ex)
        {
            logger.LogError(ex, "Could not store {Count} article(s); their files stay in the inbox and will be retried", articles.Length);
            stored = UpsertResults.None;
        }

        // From here on, finish the batch even when asked to stop: the database already holds these articles.
        var storedIndex = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            var result = parsed[i];
            outcomes[i] = result switch
            {
                { Article: not null } when stored.Count == 0 => new Outcome(paths[i], IngestResult.Retry),
                { Article: not null } => Complete(paths[i], result.Article!, stored[storedIndex++], result.Identity),
                { Rejection: { } rejection } => Fail(paths[i], rejection, result.IsRegularFile),
                _ => new Outcome(paths[i], result.Transient ? IngestResult.Retry : IngestResult.Gone),
            };
        }

        LogBatch(outcomes, batch.ParseTime, Stopwatch.GetElapsedTime(started));
        return new StoredBatch(outcomes, new FeedChanges(stored.TouchedTags, stored.TouchedAuthors) { Positions = stored.TouchedPositions });
    }

    /// <summary>What reading and parsing one file gave: an article, a rejection, or nothing (gone, or try again).</summary>
    internal sealed record ParseResult(Article? Article, InboxRejection? Rejection, bool Transient, bool IsRegularFile = true)
    {
        /// <summary>Which file was read, so the move can tell whether the name still names it.</summary>
        public FileIdentity? Identity { get; init; }
    }

    private static readonly ParseResult Vanished = new(null, null, false);
    private static readonly ParseResult TryAgain = new(null, null, true);

    private ParseResult ReadAndParse(string path)
    {
        var fileName = Path.GetFileName(path);
        OpenedInboxEntry entry;
        try
        {
            entry = InboxFileOpener.Open(path, options.Value.FollowSymlinks);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not read {File}: {Reason}; will try again", fileName, ex.Message);
            return TryAgain;
        }
        if (entry.Kind == InboxEntryKind.Missing)
            return Vanished;
        if (entry.Handle is not { } handle)
            return new ParseResult(null, InboxRejection.NotAPlainFile(fileName, entry), false, IsRegularFile: false);

        using (handle)
        {
            var maxBytes = options.Value.MaxFileBytes;
            if (entry.Length > maxBytes)
                return new ParseResult(null, InboxRejection.BadArticle(
                    $"the file is {entry.Length:N0} bytes; the limit is {maxBytes:N0} (Inbox:MaxFileBytes). Split it or raise the limit."), false);
            var buffer = ArrayPool<byte>.Shared.Rent((int)entry.Length);
            try
            {
                int length;
                try
                {
                    length = ReadFully(handle, buffer.AsSpan(0, (int)entry.Length));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Could not read {File}: {Reason}; will try again", fileName, ex.Message);
                    return TryAgain;
                }
                return Parse(fileName, buffer.AsSpan(0, length)) with { Identity = entry.Identity };
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private ParseResult Parse(string fileName, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new ParseResult(parser.Parse(fileName, bytes), null, false);
        }
        catch (ArticleParseException ex)
        {
            return new ParseResult(null, InboxRejection.BadArticle(ex.Message), false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A parser bug must not stop the service or lose the file: report it like bad input, with the details.
            logger.LogError(ex, "Unexpected error while parsing {File}", fileName);
            return new ParseResult(null, InboxRejection.BadArticle(
                $"the file could not be parsed ({ex.GetType().Name}: {ex.Message}). Please report this."), false);
        }
    }

    /// <summary>Reads until the span is full or the file ends (a file cut short while read is parsed as it is).</summary>
    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[total..], total);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }

    private Outcome Complete(string path, Article article, UpsertOutcome stored, FileIdentity? readFile)
    {
        // A file renamed over the one that was read is news: leave it to be read, rather than file it away unread.
        if (readFile is { } identity && InboxFileOpener.IdentityOf(path, options.Value.FollowSymlinks) is { } now && now != identity)
        {
            logger.LogDebug("{File} was replaced after it was read; reading it again", Path.GetFileName(path));
            return new Outcome(path, IngestResult.Retry, stored);
        }
        try
        {
            mover.MoveToProcessed(path);
            logger.LogDebug("Ingested {File} as article {ArticleId}: {Outcome}", Path.GetFileName(path), article.Id, stored);
            return new Outcome(path, IngestResult.Processed, stored);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Stored already; the next attempt finds it unchanged and only moves the file.
            logger.LogWarning("Stored article {ArticleId} but could not move {File} to the processed folder: {Reason}",
                article.Id, Path.GetFileName(path), ex.Message);
            return new Outcome(path, IngestResult.Retry, stored);
        }
    }

    private Outcome Fail(string path, InboxRejection rejection, bool isRegularFile)
    {
        var fileName = Path.GetFileName(path);
        try
        {
            var destination = mover.MoveToFailed(path, rejection, isRegularFile);
            logger.LogWarning("Rejected {File}, moved to {Destination} with an .error.txt note: {Problem}", fileName, destination, rejection.Problem);
            return new Outcome(path, IngestResult.Failed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Rejected {File} but could not move it to the failed folder ({Reason}): {Problem}", fileName, ex.Message, rejection.Problem);
            return new Outcome(path, IngestResult.Retry);
        }
    }

    private void LogBatch(IReadOnlyList<Outcome> outcomes, TimeSpan parseTime, TimeSpan storeTime)
    {
        var inserted = outcomes.Count(o => o.Stored == UpsertOutcome.Inserted && o.Result == IngestResult.Processed);
        var updated = outcomes.Count(o => o.Stored == UpsertOutcome.Updated && o.Result == IngestResult.Processed);
        var unchanged = outcomes.Count(o => o.Stored == UpsertOutcome.Unchanged && o.Result == IngestResult.Processed);
        var failed = outcomes.Count(o => o.Result == IngestResult.Failed);
        var retry = outcomes.Count(o => o.Result == IngestResult.Retry);
        if (inserted + updated + unchanged + failed + retry == 0)
            return;
        metrics?.Ingested("inbox", inserted, updated, unchanged, failed);
        logger.LogInformation(
            "Ingested {Files} file(s): {Inserted} new, {Updated} updated, {Unchanged} unchanged, {Failed} failed, {Retry} to retry; read and parsed in {ParseMs:F0} ms, stored and moved in {StoreMs:F0} ms",
            outcomes.Count, inserted, updated, unchanged, failed, retry, parseTime.TotalMilliseconds, storeTime.TotalMilliseconds);
    }
}
