using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>A tag's and an author's feeds on the real host: their own items, their own identity, served from disk.</summary>
[Collection(RealAppCollection.Name)]
public sealed class ScopeFeedTests
{
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;

    private static byte[] Article(string id, string title, string tags, string authors, int day) => Encoding.UTF8.GetBytes(
        $"---\ntitle: {title}\nauthors: {authors}\ntags: {tags}\ndate: 2024-03-{day:D2}T09:00:00Z\n---\n\nThe text of {title}.\n");

    private static async Task<TestApp> StartWithArticlesAsync()
    {
        var app = await TestApp.StartAsync();
        app.DropIntoInbox("buses.md", Article("buses", "New buses for line 7", "[City transport, Budget]", "[Jane Doe]", 1));
        app.DropIntoInbox("trams.md", Article("trams", "Trams run late again", "[City transport]", "[John Roe]", 2));
        app.DropIntoInbox("harbour.md", Article("harbour", "Harbour dredging starts", "[Harbour]", "[Jane Doe]", 3));
        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 3, "the three articles in rss.xml");
        // Served, not only written: the served set is swapped once every file of a regeneration is on disk.
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        foreach (var path in new[] { "/tags/harbour/feed.json", "/tags/budget/rss.xml", "/tags/city-transport/rss.xml", "/authors/john-roe/atom.xml" })
            await app.WaitUntilAsync(() => client.Send(FeedHttp.Get(path)).IsSuccessStatusCode, $"{path} served");
        return app;
    }

    [Fact]
    public async Task Tag_feeds_in_every_format_carry_only_that_tags_items_with_their_own_title_and_self_link()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var rss = XDocument.Parse(await client.GetStringAsync("/tags/city-transport/rss.xml"));
        var atom = XDocument.Parse(await client.GetStringAsync("/tags/city-transport/atom.xml"));
        using var json = JsonDocument.Parse(await client.GetByteArrayAsync("/tags/city-transport/feed.json"));

        Assert.Equal(["Trams run late again", "New buses for line 7"], rss.Descendants("item").Select(i => (string?)i.Element("title")));
        Assert.Equal("FeedPublisher — City transport", (string?)rss.Root!.Element("channel")!.Element("title"));
        Assert.Equal("http://127.0.0.1:5080/tags/city-transport/rss.xml",
            (string?)rss.Root.Element("channel")!.Element(Atom + "link")!.Attribute("href"));
        Assert.Equal(["Trams run late again", "New buses for line 7"], atom.Root!.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")));
        Assert.Equal("http://127.0.0.1:5080/tags/city-transport/atom.xml",
            (string?)atom.Root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href"));
        Assert.Equal("FeedPublisher — City transport", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("http://127.0.0.1:5080/tags/city-transport/feed.json", json.RootElement.GetProperty("feed_url").GetString());
        Assert.Equal("http://127.0.0.1:5080/tags/city-transport", json.RootElement.GetProperty("home_page_url").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Author_feed_carries_what_that_author_wrote_and_an_unknown_tag_or_author_feed_is_404()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var rss = XDocument.Parse(await client.GetStringAsync("/authors/jane-doe/rss.xml"));

        Assert.Equal(["Harbour dredging starts", "New buses for line 7"], rss.Descendants("item").Select(i => (string?)i.Element("title")));
        Assert.Equal("FeedPublisher — Jane Doe", (string?)rss.Root!.Element("channel")!.Element("title"));
        foreach (var path in new[] { "/tags/sport/rss.xml", "/authors/nobody/atom.xml", "/tags/harbour/other.xml" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Tag_feed_from_disk_has_the_same_ETag_304_gzip_and_Brotli_as_the_site_feeds()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        const string path = "/tags/city-transport/atom.xml";

        using var identity = await client.SendAsync(FeedHttp.Get(path));
        var identityBody = await identity.Content.ReadAsByteArrayAsync();
        foreach (var coding in new[] { "gzip", "br" })
        {
            using var compressed = await client.SendAsync(FeedHttp.Get(path, coding));
            var body = await compressed.Content.ReadAsByteArrayAsync();
            Assert.Equal(coding, FeedHttp.Header(compressed, "Content-Encoding"));
            Assert.Equal(identityBody, FeedHttp.Decode(body, coding));
            Assert.Equal(FeedHttp.ETagOf(identityBody, coding), FeedHttp.Header(compressed, "ETag"));
            Assert.Equal(body.Length, compressed.Content.Headers.ContentLength);
            using var again = await client.SendAsync(FeedHttp.Get(path, coding, ifNoneMatch: FeedHttp.Header(compressed, "ETag")));
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        }
        Assert.Equal("application/atom+xml; charset=utf-8", FeedHttp.Header(identity, "Content-Type"));
        Assert.Equal(FeedHttp.ETagOf(identityBody), FeedHttp.Header(identity, "ETag"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(app.FeedsFolder, "tags", "city-transport", "atom.xml")), identityBody);
    }

    [Fact]
    public async Task A_new_article_rewrites_only_the_feeds_of_its_tags_and_authors()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var untouched = Path.Combine(app.FeedsFolder, "tags", "city-transport", "rss.xml");
        var untouchedTime = File.GetLastWriteTimeUtc(untouched);
        var untouchedETag = FeedHttp.Header(await client.SendAsync(FeedHttp.Get("/tags/city-transport/rss.xml")), "ETag");

        app.DropIntoInbox("ferry.md", Article("ferry", "Ferry timetable changes", "[Harbour]", "[Ann Lee]", 4));

        await app.WaitUntilAsync(() => client.GetStringAsync("/tags/harbour/rss.xml").GetAwaiter().GetResult().Contains("Ferry timetable"),
            "the new article in the harbour feed");
        await app.WaitUntilAsync(() => client.GetStringAsync("/authors/ann-lee/rss.xml").GetAwaiter().GetResult().Contains("Ferry timetable"),
            "the new author's feed");
        Assert.Equal(untouchedTime, File.GetLastWriteTimeUtc(untouched));
        Assert.Equal(untouchedETag, FeedHttp.Header(await client.SendAsync(FeedHttp.Get("/tags/city-transport/rss.xml")), "ETag"));
    }

    [Fact]
    public async Task A_tag_whose_last_article_leaves_it_loses_its_feeds_and_old_bodies_are_not_left_behind()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var served = Path.Combine(app.FeedsFolder, ServedBodyStore.FolderName);
        // Identity bodies, one per feed served from disk; compressed ones are made on a reader's first request.
        int IdentityBodies() => Directory.GetFiles(served).Count(f => !Path.GetFileName(f).Contains('.'));
        var bodiesBefore = IdentityBodies();

        // The only Budget article is re-exported without that tag.
        app.DropIntoInbox("buses.md", Article("buses", "New buses for line 7", "[City transport]", "[Jane Doe]", 1));

        await app.WaitUntilAsync(() => client.GetAsync("/tags/budget/rss.xml").GetAwaiter().GetResult().StatusCode == HttpStatusCode.NotFound,
            "the budget feed to go");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tags/budget")).StatusCode);
        // Budget's three feeds are gone and the rewritten ones replaced theirs: fewer bodies, none piling up.
        Assert.True(IdentityBodies() < bodiesBefore, $"{IdentityBodies()} stored bodies, {bodiesBefore} before");
        // Nor are its files left for static hosting or the next start to serve.
        await app.WaitUntilAsync(() => !Directory.Exists(Path.Combine(app.FeedsFolder, "tags", "budget")), "the budget folder to go");
        Assert.Equal(IdentityBodies(), app.Services.GetRequiredService<FeedPublisher.Web.ServedFeeds>().All.Values.Count(f => f.File.Stored is not null));
    }

    [Fact]
    public async Task After_a_restart_tag_feeds_are_served_from_the_first_request_with_the_ETags_they_had()
    {
        using var root = new TempDirectory();
        string etag, gzipETag;
        await using (var first = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path)))
        {
            first.DropIntoInbox("harbour.md", Article("harbour", "Harbour dredging starts", "[Harbour]", "[Jane Doe]", 3));
            await first.WaitUntilAsync(() => File.Exists(Path.Combine(first.FeedsFolder, "tags", "harbour", "rss.xml")), "the tag feed on disk");
            using var client = FeedHttp.CreateClient(first.BaseAddress!);
            await first.WaitUntilAsync(() => client.Send(FeedHttp.Get("/tags/harbour/rss.xml")).IsSuccessStatusCode, "the tag feed served");
            etag = FeedHttp.Header(await client.SendAsync(FeedHttp.Get("/tags/harbour/rss.xml")), "ETag")!;
            gzipETag = FeedHttp.Header(await client.SendAsync(FeedHttp.Get("/tags/harbour/rss.xml", "gzip")), "ETag")!;
        }

        var second = TestApp.Create(new TestAppSetup(ContentRoot: root.Path));
        await using (second)
        {
            // Loaded from disk before the host starts serving: the very first request finds the feed.
            await second.StartAsync();
            using var client = FeedHttp.CreateClient(second.BaseAddress!);
            using var response = await client.SendAsync(FeedHttp.Get("/tags/harbour/rss.xml", "gzip", ifNoneMatch: gzipETag));

            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Equal(etag, FeedHttp.Header(await client.SendAsync(FeedHttp.Get("/tags/harbour/rss.xml")), "ETag"));
        }
    }

    [Fact]
    public async Task A_tag_feeds_public_file_is_its_stored_body_written_once()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        using var response = await client.SendAsync(FeedHttp.Get("/tags/harbour/rss.xml"));
        var body = await response.Content.ReadAsByteArrayAsync();
        var publicFile = Path.Combine(app.FeedsFolder, "tags", "harbour", "rss.xml");
        var stored = Path.Combine(app.FeedsFolder, ServedBodyStore.FolderName, FeedBodies.TagOf(body));

        Assert.Equal(body, await File.ReadAllBytesAsync(publicFile));
        // One file with two names: the bytes were written and flushed once.
        Assert.Equal(FeedPublisher.Inbox.InboxFileOpener.IdentityOf(stored, followSymlinks: false),
            FeedPublisher.Inbox.InboxFileOpener.IdentityOf(publicFile, followSymlinks: false));
    }

    [Fact]
    public async Task At_start_up_the_feed_folders_of_tags_that_no_longer_have_articles_are_removed()
    {
        using var root = new TempDirectory();
        var stale = Path.Combine(root.Path, "feeds", "tags", "gone-tag");
        Directory.CreateDirectory(stale);
        await File.WriteAllTextAsync(Path.Combine(stale, "rss.xml"), "<rss version=\"2.0\"><channel><title>old</title></channel></rss>\n");
        var kept = Path.Combine(root.Path, "feeds", "tags", "gone-tag-notes.txt");
        await File.WriteAllTextAsync(kept, "not a feed");

        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        app.DropIntoInbox("harbour.md", Article("harbour", "Harbour dredging starts", "[Harbour]", "[Jane Doe]", 3));

        await app.WaitUntilAsync(() => File.Exists(Path.Combine(app.FeedsFolder, "tags", "harbour", "rss.xml")), "the harbour feed on disk");
        Assert.False(Directory.Exists(stale), "the folder of a tag without articles was left");
        Assert.True(File.Exists(kept), "a file that is not a feed folder was removed");
    }

    [Fact]
    public async Task Tag_page_advertises_the_tags_own_feeds()
    {
        await using var app = await StartWithArticlesAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var page = await client.GetStringAsync("/tags/harbour");

        Assert.Contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"FeedPublisher — Harbour\" href=\"http://127.0.0.1:5080/tags/harbour/rss.xml\">", page);
        Assert.Contains("href=\"http://127.0.0.1:5080/tags/harbour/feed.json\"", page);
        Assert.Contains("<a href=\"/tags/harbour/atom.xml\">atom.xml</a>", page);
    }
}
