using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;
using FeedPublisher.Web;
using Xunit.Abstractions;

namespace FeedPublisher.Tests.Web;

/// <summary>
/// Many pollers at once while the feeds are being regenerated: no response may pair a body with another body's ETag,
/// and no 304 may confirm a feed that was already replaced.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class ConcurrentServingTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const int MinRequestsPerWorker = 300;
    private const int MaxRequestsPerWorker = 3000;
    private const int ArticlesDroppedMidTest = 3;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);
    private static readonly string?[] AcceptEncodings = [null, "gzip", "br", "gzip, br"];

    private sealed record Observation(string Path, int Status, string ETag, int Version, long Started, long Finished);

    [Fact]
    public async Task Under_concurrent_polling_while_feeds_change_every_200_carries_its_own_ETag_and_every_304_a_current_one()
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var served = app.Services.GetRequiredService<ServedFeeds>();
        var template = TestFiles.FixtureText("burst-template.md");
        await DropAndWaitUntilServedAsync(1);

        var versionOf = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var knownETags = new Dictionary<(string Path, string? Coding), List<string>>();
        var observations = new ConcurrentQueue<Observation>();
        var failures = new ConcurrentQueue<string>();
        using var budget = new CancellationTokenSource(Budget);
        var clock = Stopwatch.StartNew();

        var dropper = Task.Run(async () =>
        {
            for (var n = 2; n <= 1 + ArticlesDroppedMidTest; n++)
                await DropAndWaitUntilServedAsync(n);
        });
        var workers = Enumerable.Range(0, Workers).Select(seed => Task.Run(() => PollAsync(seed))).ToArray();
        await Task.WhenAll(workers);
        await dropper;
        var elapsed = clock.Elapsed;

        var all = observations.ToArray();
        output.WriteLine($"{all.Length} responses in {elapsed.TotalSeconds:F1} s: {all.Count(o => o.Status == 200)} × 200, {all.Count(o => o.Status == 304)} × 304; " +
            $"versions seen: {string.Join(", ", all.GroupBy(o => o.Path).Select(g => $"{g.Key} {string.Join("/", g.Select(o => o.Version).Distinct().Order())}"))}");
        Assert.True(elapsed < Budget, $"the test ran out of its {Budget.TotalSeconds} s budget");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad response(s), first ones:\n{string.Join("\n", failures.Take(10))}");
        Assert.InRange(all.Length, Workers * MinRequestsPerWorker, Workers * MaxRequestsPerWorker);
        Assert.Contains(all, o => o.Status == 304);
        foreach (var path in PublishedSite.FeedPaths)
        {
            var forPath = all.Where(o => o.Path == path).ToArray();
            var identityETags = forPath.Where(o => o.Status == 200).Select(o => o.ETag.Replace("-gz\"", "\"").Replace("-br\"", "\"")).Distinct().ToArray();
            Assert.True(identityETags.Length >= 2, $"{path} never changed during the test: one ETag, {identityETags[0]}");
            AssertNeverOlderThanWhatWasAlreadyServed(forPath);
        }

        async Task DropAndWaitUntilServedAsync(int n)
        {
            app.DropIntoInbox($"burst-{n:D3}.md", Encoding.UTF8.GetBytes(template.Replace("{{N}}", n.ToString())));
            await app.WaitUntilAsync(
                () => PublishedSite.FeedPaths.All(path => served.TryGet(path, out var feed)
                    && Encoding.UTF8.GetString(feed.Identity.Body!) is var body
                    && (body.Contains($"Burst article number {n}<") || body.Contains($"Burst article number {n}\""))),
                $"article {n} in every served feed");
        }

        async Task PollAsync(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < MaxRequestsPerWorker && !budget.IsCancellationRequested; i++)
            {
                if (i >= MinRequestsPerWorker && dropper.IsCompleted)
                    return;
                var path = PublishedSite.FeedPaths[random.Next(PublishedSite.FeedPaths.Length)];
                var acceptEncoding = AcceptEncodings[random.Next(AcceptEncodings.Length)];
                string? ifNoneMatch = null;
                if (random.Next(3) == 0)
                {
                    lock (knownETags)
                    {
                        if (knownETags.TryGetValue((path, CodingFor(acceptEncoding)), out var candidates))
                            ifNoneMatch = candidates[random.Next(candidates.Count)];
                    }
                }
                try
                {
                    await RequestOnceAsync(path, acceptEncoding, ifNoneMatch);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or System.Xml.XmlException or System.Text.Json.JsonException)
                {
                    failures.Enqueue($"{path} ({acceptEncoding ?? "identity"}, If-None-Match {ifNoneMatch}): {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        async Task RequestOnceAsync(string path, string? acceptEncoding, string? ifNoneMatch)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(FeedHttp.Get(path, acceptEncoding, ifNoneMatch), budget.Token);
            var body = await response.Content.ReadAsByteArrayAsync(budget.Token);
            var finished = Stopwatch.GetTimestamp();
            var etag = FeedHttp.Header(response, "ETag") ?? "";
            var what = $"{path} ({acceptEncoding ?? "identity"}, If-None-Match {ifNoneMatch ?? "none"}) → {(int)response.StatusCode} ETag {etag}";
            switch ((int)response.StatusCode)
            {
                case 200:
                    var coding = FeedHttp.Header(response, "Content-Encoding");
                    var expectedCoding = CodingFor(acceptEncoding);
                    if (coding != expectedCoding)
                        failures.Enqueue($"{what}: Content-Encoding {coding}, expected {expectedCoding}");
                    if (response.Content.Headers.ContentLength != body.Length)
                        failures.Enqueue($"{what}: Content-Length {response.Content.Headers.ContentLength} for {body.Length} bytes");
                    var identity = FeedHttp.Decode(body, coding);
                    var bodyETag = FeedHttp.ETagOf(identity, coding);
                    if (etag != bodyETag)
                        failures.Enqueue($"{what}: the body's ETag is {bodyETag}");
                    if (etag == ifNoneMatch)
                        failures.Enqueue($"{what}: the ETag matched If-None-Match, so this should have been 304");
                    var version = ItemCount(identity);
                    versionOf[etag] = version;
                    lock (knownETags)
                    {
                        if (!knownETags.TryGetValue((path, coding), out var list))
                            knownETags[(path, coding)] = list = [];
                        if (!list.Contains(etag))
                            list.Add(etag);
                    }
                    observations.Enqueue(new Observation(path, 200, etag, version, started, finished));
                    break;
                case 304:
                    if (etag != ifNoneMatch)
                        failures.Enqueue($"{what}: a 304 must confirm the ETag that was sent");
                    if (body.Length != 0)
                        failures.Enqueue($"{what}: a 304 with {body.Length} body bytes");
                    if (!versionOf.TryGetValue(etag, out var confirmed))
                        failures.Enqueue($"{what}: no 200 ever carried this ETag");
                    else
                        observations.Enqueue(new Observation(path, 304, etag, confirmed, started, finished));
                    break;
                default:
                    failures.Enqueue($"{what}: unexpected status");
                    break;
            }
        }
    }

    /// <summary>
    /// Articles are only added, so the item count orders the feed's versions. A response must never show (or, as a 304,
    /// confirm) a version older than one a 200 had already delivered before that request was sent.
    /// </summary>
    private static void AssertNeverOlderThanWhatWasAlreadyServed(Observation[] observations)
    {
        var delivered = observations.Where(o => o.Status == 200).OrderBy(o => o.Finished).ToArray();
        var finishedAt = delivered.Select(o => o.Finished).ToArray();
        var newestSoFar = new int[delivered.Length];
        for (var i = 0; i < delivered.Length; i++)
            newestSoFar[i] = Math.Max(delivered[i].Version, i == 0 ? 0 : newestSoFar[i - 1]);
        foreach (var o in observations)
        {
            var index = CountBefore(finishedAt, o.Started) - 1;
            if (index < 0)
                continue;
            Assert.True(o.Version >= newestSoFar[index],
                $"{o.Path}: a {o.Status} for version {o.Version} ({o.ETag}) was sent after version {newestSoFar[index]} had been served");
        }
    }

    private static string? CodingFor(string? acceptEncoding) => acceptEncoding switch
    {
        null => null,
        "gzip" => "gzip",
        _ => "br",
    };

    /// <summary>How many of the sorted <paramref name="times"/> are earlier than <paramref name="time"/>.</summary>
    private static int CountBefore(long[] times, long time)
    {
        int low = 0, high = times.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] < time)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private static int ItemCount(byte[] feed)
    {
        if (feed.Length > 0 && feed[0] == (byte)'{')
            return System.Text.Json.JsonDocument.Parse(feed).RootElement.GetProperty("items").GetArrayLength();
        var root = XDocument.Load(new MemoryStream(feed)).Root!;
        return root.Descendants("item").Count() + root.Descendants(XName.Get("entry", FeedNames.AtomNamespace)).Count();
    }
}
