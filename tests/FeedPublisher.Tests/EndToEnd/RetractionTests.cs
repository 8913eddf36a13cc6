using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>Retraction (RFC 6721) and restore, as readers see them: the running server, the command line as a process.</summary>
[Collection(RealAppCollection.Name)]
public sealed class RetractionTests
{
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;
    private static readonly XNamespace At = FeedNames.TombstonesNamespace;

    private static byte[] Article(string id, string title, string tags, int day, string extra = "") => Encoding.UTF8.GetBytes(
        $"---\ntitle: {title}\nid: {id}\nauthors: [Jane Doe]\ntags: {tags}\ndate: 2024-03-{day:D2}T09:00:00Z\n{extra}---\n\nThe text of {title}.\n");

    private static async Task<(TestApp App, HttpClient Client)> StartWithArticlesAsync(TempDirectory root, params string[] args)
    {
        var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path), args);
        app.DropIntoInbox("buses.md", Article("buses", "New buses for line 7", "[City transport]", 1));
        app.DropIntoInbox("trams.md", Article("trams", "Trams run late again", "[City transport, Budget]", 2));
        app.DropIntoInbox("harbour.md", Article("harbour", "Harbour dredging starts", "[Harbour]", 3));
        var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/budget/atom.xml", "Trams run late again") && FeedHttp.Serves(client, "/feeds/atom.xml", "Harbour dredging"),
            "the three articles served");
        return (app, client);
    }

    private static string Get(HttpClient client, string path) => client.GetStringAsync(path).GetAwaiter().GetResult();

    [Fact]
    public async Task A_retraction_by_command_leaves_every_feed_within_seconds_with_a_tombstone_and_its_page_answers_410()
    {
        using var root = new TempDirectory();
        var (app, client) = await StartWithArticlesAsync(root);
        await using var _ = app;
        using var __ = client;
        var guid = (string)XDocument.Parse(Get(client, "/feeds/atom.xml")).Root!.Elements(Atom + "entry")
            .Single(e => (string?)e.Element(Atom + "title") == "Trams run late again").Element(Atom + "id")!;

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "retract", "trams", "--reason", "A legal request", "--by", "The desk editor");
        var ended = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, exit.ExitCode);
        await app.WaitUntilAsync(() => !FeedHttp.Serves(client, "/feeds/atom.xml", "Trams run late again"), "the retraction served");
        // The 2 s promise is measured in the benchmark (scenario 10: p50 about 0.2-0.3 s, max about 0.6 s); here the
        // machine is shared with the rest of the test run, which has taken about 3 s, so the bound is wider.
        Assert.True(ended.Elapsed < TimeSpan.FromSeconds(5), $"served {ended.Elapsed.TotalSeconds:F1} s after the command ended; {app.RegenerationsSinceStart} regenerations, the last at {app.Services.GetRequiredService<FeedPublisher.Feeds.FeedRegenerator>().LastRegeneratedAt:HH:mm:ss.fff} (now {DateTimeOffset.UtcNow:HH:mm:ss.fff}); the service logged: {string.Join(" | ", app.Logs.Lines.Select(l => l.Message))}");
        await app.WaitUntilAsync(() => !FeedHttp.Serves(client, "/tags/city-transport/atom.xml", "Trams run late again"), "the tag feed without it");
        // Budget had no other article: its feeds go with it.
        await app.WaitUntilAsync(() => client.Send(FeedHttp.Get("/tags/budget/atom.xml")).StatusCode == HttpStatusCode.NotFound, "the budget feed gone");

        foreach (var path in new[] { "/feeds/atom.xml", "/tags/city-transport/atom.xml", "/authors/jane-doe/atom.xml" })
        {
            var feed = XDocument.Parse(Get(client, path)).Root!;
            Assert.DoesNotContain(feed.Elements(Atom + "entry"), e => (string?)e.Element(Atom + "id") == guid);
            var tombstone = Assert.Single(feed.Elements(At + "deleted-entry"));
            Assert.Equal(guid, (string?)tombstone.Attribute("ref"));
            Assert.True(DateTimeOffset.TryParse((string?)tombstone.Attribute("when"), out var when) && when > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal("A legal request", (string?)tombstone.Element(At + "comment"));
            Assert.Equal("The desk editor", (string?)tombstone.Element(At + "by")?.Element(Atom + "name"));
            // The feed changed when the entry left it: its updated time is not before the tombstone's.
            Assert.True(DateTimeOffset.Parse((string)feed.Element(Atom + "updated")!) >= when, $"{path}: updated before the retraction");
        }
        Assert.Empty(XDocument.Parse(Get(client, "/tags/harbour/atom.xml")).Root!.Elements(At + "deleted-entry"));
        Assert.DoesNotContain("Trams run late again", Get(client, "/feeds/rss.xml"));
        Assert.DoesNotContain("Trams run late again", Get(client, "/feeds/feed.json"));
        using var page = await client.GetAsync("/articles/trams-run-late-again");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var notice = await page.Content.ReadAsStringAsync();
        Assert.Contains("Trams run late again", notice);
        Assert.Contains("A legal request", notice);

        // Nothing is deleted: the article and its retraction are still stored.
        var shown = await ServiceProcess.RunCommandAsync(root.Path, "show", "trams", "--json");
        using var stored = JsonDocument.Parse(shown.Output);
        Assert.Equal("retracted", stored.RootElement.GetProperty("state").GetString());
        Assert.Equal("The desk editor", stored.RootElement.GetProperty("retraction").GetProperty("by").GetString());
        var listed = await ServiceProcess.RunCommandAsync(root.Path, "list", "--include-retracted");
        Assert.Contains("trams  Trams run late again  [retracted]", listed.Output);
        Assert.DoesNotContain("trams", (await ServiceProcess.RunCommandAsync(root.Path, "list")).Output);
    }

    [Fact]
    public async Task Restore_brings_the_article_back_updated_after_its_tombstone()
    {
        using var root = new TempDirectory();
        var (app, client) = await StartWithArticlesAsync(root);
        await using var _ = app;
        using var __ = client;
        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(root.Path, "retract", "trams")).ExitCode);
        await app.WaitUntilAsync(() => Get(client, "/feeds/atom.xml").Contains("deleted-entry"), "the tombstone served");
        var when = DateTimeOffset.Parse((string)XDocument.Parse(Get(client, "/feeds/atom.xml")).Root!.Element(At + "deleted-entry")!.Attribute("when")!);

        var restored = await ServiceProcess.RunCommandAsync(root.Path, "restore", "trams", "--json");

        Assert.Equal(0, restored.ExitCode);
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Trams run late again"), "the restored article served");
        var entry = XDocument.Parse(Get(client, "/feeds/atom.xml")).Root!.Elements(Atom + "entry")
            .Single(e => (string?)e.Element(Atom + "title") == "Trams run late again");
        Assert.True(DateTimeOffset.Parse((string)entry.Element(Atom + "updated")!) > when, "updated after the tombstone's when");
        Assert.DoesNotContain("deleted-entry", Get(client, "/feeds/atom.xml"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/articles/trams-run-late-again")).StatusCode);
        Assert.Equal(1, (await ServiceProcess.RunCommandAsync(root.Path, "restore", "no-such-article")).ExitCode);
    }

    [Fact]
    public async Task A_file_dropped_again_with_retracted_true_retracts_it_and_its_archive_page_is_rewritten()
    {
        using var root = new TempDirectory();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path), "--Feeds:ArchivePageSize=10", "--Feeds:ItemCount=10");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        for (var n = 1; n <= 12; n++)
            app.DropIntoInbox($"story-{n}.md", Article($"story-{n}", $"Story {n}", "[City]", n));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/archive/1/atom.xml", "Story 3<"), "page 1 served");

        app.DropIntoInbox("story-3.md", Article("story-3", "Story 3", "[City]", 3, "retracted: true\nretraction_reason: Published in error\n"));

        await app.WaitUntilAsync(() => !FeedHttp.Serves(client, "/feeds/archive/1/atom.xml", "Story 3<"), "page 1 without it");
        var page = XDocument.Parse(Get(client, "/feeds/archive/1/atom.xml")).Root!;
        Assert.Equal(9, page.Elements(Atom + "entry").Count());
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync("/articles/story-3")).StatusCode);
        await app.WaitUntilAsync(() => Get(client, "/tags/city/atom.xml").Contains("Published in error"), "the tag feed's tombstone");
        Assert.Equal(13, app.FileNamesIn(app.ProcessedPath).Length); // both versions of the file, nothing lost
    }

    [Fact]
    public async Task The_same_retracting_file_dropped_again_after_a_restore_does_not_retract_it_again()
    {
        using var root = new TempDirectory();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var retracting = Article("notice", "Notice published in error", "[City]", 5, "retracted: true\n");
        app.DropIntoInbox("notice.md", Article("notice", "Notice published in error", "[City]", 5));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Notice published in error"), "the notice served");
        app.DropIntoInbox("notice.md", retracting);
        await app.WaitUntilAsync(() => !FeedHttp.Serves(client, "/feeds/atom.xml", "Notice published in error"), "the notice retracted");

        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(root.Path, "restore", "notice")).ExitCode);
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Notice published in error"), "the notice restored");
        app.DropIntoInbox("notice.md", retracting);
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == 3, "the third drop stored");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.True(FeedHttp.Serves(client, "/feeds/atom.xml", "Notice published in error"), "retracted again by the same file");
    }

    [Fact]
    public async Task An_article_retracted_before_it_was_ever_published_leaves_no_tombstone_and_is_not_published_when_due()
    {
        using var root = new TempDirectory();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        // Far enough ahead that the command is done before it (a command's start takes seconds on a loaded machine).
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(15);
        var due = dueAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        app.DropIntoInbox("merger.md", Encoding.UTF8.GetBytes($"---\ntitle: Merger announced\nid: merger\ndate: {due}\n---\n\nText.\n"));
        app.DropIntoInbox("other.md", Article("other", "Another story", "[City]", 6));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "Another story"), "the other story served");

        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(root.Path, "retract", "merger", "--reason", "Premature")).ExitCode);
        Assert.True(DateTimeOffset.UtcNow < dueAt, "the retraction must come before the article is due");
        await Task.Delay(dueAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));

        var feed = Get(client, "/feeds/atom.xml");
        Assert.DoesNotContain("Merger announced", feed);
        Assert.DoesNotContain("deleted-entry", feed);
        Assert.DoesNotContain("Premature", feed);
    }
}
