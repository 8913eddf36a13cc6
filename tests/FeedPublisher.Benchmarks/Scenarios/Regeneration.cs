using System.Diagnostics;
using System.Text;
using FeedPublisher.Articles;
using FeedPublisher.Benchmarks.Corpus;
using FeedPublisher.Benchmarks.Processes;
using FeedPublisher.Benchmarks.Report;
using FeedPublisher.Feeds;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Sqlite;
using FeedPublisher.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Benchmarks.Scenarios;

/// <summary>Where the time of one regeneration after a new article goes.</summary>
internal sealed record RegenerationParts(Summary QueryAndModel, Summary RenderXml, Summary Compress, Summary WriteFiles);

internal sealed record RegenerationFigures(
    int Stored, SeedingFigures Seeding, Summary Unchanged, Summary AfterNewArticle, RegenerationParts Parts, long PeakRssBytes)
{
    public required IReadOnlyList<double> AfterNewSamples { get; init; }

    /// <summary>Complete archive pages whose file was replaced by the regenerations after a new article, all runs together.</summary>
    public required int ArchivePagesRewritten { get; init; }

    /// <summary>Making a changed tag feed's gzip and Brotli bodies, which happens on the first request that asks for each.</summary>
    public required Summary FirstCompression { get; init; }

    /// <summary>The content root, with the store and the feeds, for the service to start on afterwards.</summary>
    public required string Root { get; init; }
}

/// <summary>
/// Scenario 4, in this process: the app's own services on a temp content root (not started: no inbox, scheduler or
/// Kestrel), a store seeded by <see cref="StoreSeeding"/> (articles over 1,000 tags and 200 authors), then
/// <see cref="FeedRegenerator.RegenerateAsync(FeedChanges, CancellationToken)"/> timed when nothing changed (the site's
/// feeds compared, not rewritten) and right after one new article with three tags (the site's three feeds and those
/// of its three tags and its author rewritten, compressed and swapped in, as after an ingest).
/// </summary>
internal static class Regeneration
{
    private const int DistinctBodies = 500;
    private const int WarmUpRuns = 3;

    /// <summary>The site's 3 feeds, 3 for each of 3 tags and an author, and when the article completes an archive page,
    /// that page's 2 and page 1's 2 (when the completed page is page 2).</summary>
    private const int MostFilesAfterNewArticle = 3 + 12 + 2 + 2;
    /// <summary>After every seeded article (1990 on, an hour apart) and before the clock: new articles are published at once.</summary>
    private static readonly DateTimeOffset NewArticleEpoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<RegenerationFigures> RunAsync(
        ArticleGenerator generator, int storeSize, int runs, string runFolder, Action<string> progress, CancellationToken cancellationToken)
    {
        var root = Path.Combine(runFolder, $"regeneration-{storeSize}");
        Directory.CreateDirectory(root);
        await using var app = FeedPublisherApp.Create(
            [$"--contentRoot={root}", "--Site:BaseUrl=http://127.0.0.1:5080/", "--Logging:LogLevel:Default=Warning"]);
        var services = app.Services;
        var store = services.GetRequiredService<IArticleStore>();
        await store.MigrateAsync(cancellationToken);
        var site = services.GetRequiredService<IOptions<SiteOptions>>().Value;
        var bodies = ParseBodies(services.GetRequiredService<ArticleParser>(), generator, Math.Min(storeSize, DistinctBodies));
        var seeding = await StoreSeeding.SeedAsync(store, services.GetRequiredService<SqliteConnectionFactory>(), bodies, site, storeSize,
            progress, cancellationToken);

        var regenerator = services.GetRequiredService<FeedRegenerator>();
        for (var i = 0; i < WarmUpRuns; i++)
            await RegenerateAsync(regenerator, cancellationToken);
        // Count from what this scenario holds, not from the garbage earlier scenarios left in this process.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ProcStats.ResetPeak(Environment.ProcessId);

        var unchanged = new List<double>(runs);
        var afterNew = new List<double>(runs);
        var firstCompression = new List<double>(runs);
        var pagesRewritten = 0;
        var served = services.GetRequiredService<ServedFeeds>();
        var archive = Path.Combine(services.GetRequiredService<FeedOutputFolder>().FullPath, "archive");
        for (var k = 0; k < runs; k++)
        {
            unchanged.Add(await TimeAsync(async () => ExpectAtLeast(await RegenerateAsync(regenerator, FeedChanges.None, cancellationToken), 0, 0)));
            // A new article with three tags and one author: the site's three feeds and its tags' and author's, as ingest asks.
            var article = NewArticle(bodies, site, k);
            var stored = await store.UpsertAsync([article], DateTimeOffset.UtcNow, cancellationToken);
            var changes = new FeedChanges(stored.TouchedTags, stored.TouchedAuthors) { Positions = stored.TouchedPositions };
            var pagesBefore = ArchiveFiles(archive);
            afterNew.Add(await TimeAsync(async () => ExpectAtLeast(await RegenerateAsync(regenerator, changes, cancellationToken), 3, MostFilesAfterNewArticle)));
            pagesRewritten += pagesBefore.Count(page => ArchiveFiles(archive).TryGetValue(page.Key, out var now) && now != page.Value);
            firstCompression.Add(await TimeFirstCompressionAsync(served, services.GetRequiredService<ScopeCatalogue>(), article.Tags[0], cancellationToken));
        }
        var parts = await TimePartsAsync(services, store, bodies, site, runs, root, cancellationToken);
        return new RegenerationFigures(storeSize, seeding, Summary.Of(unchanged), Summary.Of(afterNew), parts,
            ProcStats.PeakRssBytes(Environment.ProcessId))
        {
            AfterNewSamples = afterNew,
            ArchivePagesRewritten = pagesRewritten,
            FirstCompression = Summary.Of(firstCompression),
            Root = root,
        };
    }

    /// <summary>Each archive page file by path, with the identity of the file it is now (a rewrite is a new file).</summary>
    private static Dictionary<string, (long Inode, DateTime Written)> ArchiveFiles(string archive) =>
        !Directory.Exists(archive) ? [] : Directory.EnumerateFiles(archive, "*.xml", SearchOption.AllDirectories).ToDictionary(
            path => path, path => (FeedPublisher.Inbox.InboxFileOpener.IdentityOf(path, followSymlinks: false) is { } id ? (long)id.Inode : 0,
                File.GetLastWriteTimeUtc(path)));

    /// <summary>What the first gzip and the first Brotli request for the new article's first tag's Atom feed make.</summary>
    private static async Task<double> TimeFirstCompressionAsync(ServedFeeds served, ScopeCatalogue catalogue, string tag, CancellationToken cancellationToken)
    {
        var slug = catalogue.Tags.Single(t => t.Name == tag).Slug;
        if (!served.TryGet(FeedUrls.UrlPath(FeedScope.Tag(new(tag, slug)), "atom.xml"), out var feed) || feed.Gzip.FilePath is null || feed.Brotli.FilePath is null)
            throw new InvalidOperationException($"regeneration: the feed of tag {tag} is not served from disk");
        return await TimeAsync(async () =>
        {
            if (!await ServedBodyStore.EnsureCompressedAsync(feed.Gzip.FilePath, cancellationToken)
                || !await ServedBodyStore.EnsureCompressedAsync(feed.Brotli.FilePath, cancellationToken))
                throw new InvalidOperationException($"regeneration: the stored body of tag {tag}'s feed is gone");
        });
    }

    private static Article[] ParseBodies(ArticleParser parser, ArticleGenerator generator, int count) =>
        Enumerable.Range(0, count)
            .Select(i => generator.Generate(i))
            .Select(g => parser.Parse(g.FileName, Encoding.UTF8.GetBytes(g.ToExportText())))
            .ToArray();

    private static Article NewArticle(Article[] bodies, SiteOptions site, int k) =>
        StoreSeeding.WithIdentity(bodies[k % bodies.Length], site, $"new-{k:D4}", NewArticleEpoch.AddMinutes(k)) with
        {
            Tags = [StoreSeeding.TagName(k * 3), StoreSeeding.TagName(k * 3 + 1), StoreSeeding.TagName(k * 3 + 2)],
            Authors = [$"Writer {k % StoreSeeding.Authors:D3}"],
        };

    /// <summary>The same steps as the regenerator, timed one by one, each after a new article.</summary>
    private static async Task<RegenerationParts> TimePartsAsync(IServiceProvider services, IArticleStore store, Article[] bodies,
        SiteOptions site, int runs, string root, CancellationToken cancellationToken)
    {
        var builder = services.GetRequiredService<FeedDocumentBuilder>();
        var formats = services.GetServices<IFeedFormat>().ToArray();
        var scratch = Path.Combine(root, "scratch");
        Directory.CreateDirectory(scratch);
        List<double> query = [], render = [], compress = [], write = [];
        for (var k = 0; k < runs; k++)
        {
            await store.UpsertAsync([NewArticle(bodies, site, 10_000 + k)], DateTimeOffset.UtcNow, cancellationToken);
            FeedDocument document = null!;
            query.Add(await TimeAsync(async () => document = await builder.BuildAsync(cancellationToken)));
            FeedFile[] files = [];
            render.Add(await TimeAsync(() =>
            {
                files = formats.Select(f => f.Write(document, services.GetRequiredService<SiteUrls>().FeedUri(f.FileName)) is var bytes
                    ? new FeedFile(SiteUrls.FeedPath(f.FileName), f.ContentType, FeedBodies.TagOf(bytes), bytes, DateTimeOffset.UnixEpoch)
                    : null!).ToArray();
                return Task.CompletedTask;
            }));
            compress.Add(await TimeAsync(() =>
            {
                foreach (var file in files)
                    PreparedFeed.Prepare(file);
                return Task.CompletedTask;
            }));
            write.Add(await TimeAsync(async () =>
            {
                foreach (var file in files)
                    await AtomicFileWriter.WriteIfChangedAsync(Path.Combine(scratch, Path.GetFileName(file.UrlPath)), file.Bytes!, cancellationToken);
            }));
        }
        return new RegenerationParts(Summary.Of(query), Summary.Of(render), Summary.Of(compress), Summary.Of(write));
    }

    private static Task<int> RegenerateAsync(FeedRegenerator regenerator, CancellationToken cancellationToken) =>
        RegenerateAsync(regenerator, FeedChanges.All, cancellationToken);

    private static async Task<int> RegenerateAsync(FeedRegenerator regenerator, FeedChanges changes, CancellationToken cancellationToken)
    {
        var written = await regenerator.RegenerateAsync(changes, cancellationToken);
        if (written < 0)
            throw new InvalidOperationException($"regeneration failed: {regenerator.LastError}");
        return written;
    }

    private static void ExpectAtLeast(int written, int least, int most)
    {
        if (written < least || written > most)
            throw new InvalidOperationException($"regeneration wrote {written} feed file(s), expected {least} to {most}");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
