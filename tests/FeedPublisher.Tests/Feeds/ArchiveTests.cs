using System.Net;
using System.Text;
using System.Xml.Linq;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Feeds;

/// <summary>
/// RFC 5005 §4 archived feeds on the real host, with pages of ten: 35 articles published in an order unlike their
/// dates make three complete pages and five articles that only the subscription document holds.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class ArchiveTests
{
    private static readonly XNamespace Atom = FeedNames.AtomNamespace;
    private static readonly XNamespace History = FeedNames.HistoryNamespace;
    private const string Base = "http://127.0.0.1:5080";

    /// <summary>Article n is dated n days into 2024, but arrives in a shuffled order, some of it backdated.</summary>
    private static byte[] Article(int n, string text = "The text.") => Encoding.UTF8.GetBytes(
        $"---\ntitle: Story {n}\nid: story-{n}\ndate: {new DateTime(2024, 1, 1).AddDays(n):yyyy-MM-dd}T08:00:00Z\n---\n\n{text} Number {n}.\n");

    private static readonly int[] Arrival = [.. Enumerable.Range(1, 35).OrderBy(n => n * 11 % 37)];

    private static async Task<TestApp> StartWithHistoryAsync()
    {
        var app = await TestApp.StartAsync("--Feeds:ArchivePageSize=10", "--Feeds:ItemCount=10");
        // Moved in together, they are taken in name order, which is their order of arrival: their places in the
        // archives follow it, not their dates.
        var staging = Path.Combine(app.Root, "staging");
        Directory.CreateDirectory(staging);
        for (var i = 0; i < Arrival.Length; i++)
            await File.WriteAllBytesAsync(Path.Combine(staging, $"arrival-{i:D2}.md"), Article(Arrival[i]));
        await app.WaitUntilAsync(() => app.Services.GetRequiredService<FeedPublisher.Inbox.InboxStatus>().Watching, "the inbox watcher");
        foreach (var file in Directory.GetFiles(staging).Order(StringComparer.Ordinal))
            File.Move(file, Path.Combine(app.InboxPath, Path.GetFileName(file)));
        await app.WaitUntilAsync(() => app.FileNamesIn(app.ProcessedPath).Length == Arrival.Length, "every story in processed/");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => client.Send(FeedHttp.Get("/feeds/archive/3/atom.xml")).IsSuccessStatusCode, "the third archive page served");
        var expected = Arrival.Skip(30).Concat(Enumerable.Range(26, 10)).Distinct().Count();
        await app.WaitForFeedAsync(app.AtomPath, f => f.Items.Count == expected, "the subscription document with the newest and the unarchived");
        return app;
    }

    [Fact]
    public async Task Walking_back_from_the_subscription_document_finds_every_article_exactly_once()
    {
        await using var app = await StartWithHistoryAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var subscription = XDocument.Parse(await client.GetStringAsync("/feeds/atom.xml"));
        var archived = new List<string>();
        var pages = 0;
        for (var href = Link(subscription, "prev-archive"); href is not null; pages++)
        {
            var page = XDocument.Parse(await client.GetStringAsync(Local(href)));
            archived.AddRange(Ids(page));
            href = Link(page, "prev-archive");
        }
        var unarchived = Arrival.Skip(30).Select(n => $"story-{n}").ToHashSet();

        Assert.Equal(3, pages);
        Assert.Equal(30, archived.Count);
        Assert.Equal(30, archived.Distinct().Count());
        Assert.Empty(archived.Intersect(unarchived.Select(IdOf)));
        Assert.Superset(unarchived.Select(IdOf).ToHashSet(), Ids(subscription).ToHashSet());
        Assert.Equal(Enumerable.Range(1, 35).Select(n => IdOf($"story-{n}")).Order(), archived.Concat(Ids(subscription)).Distinct().Order());
    }

    [Fact]
    public async Task Pages_hold_articles_in_order_of_arrival_and_carry_the_history_links()
    {
        await using var app = await StartWithHistoryAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var subscription = XDocument.Parse(await client.GetStringAsync("/feeds/atom.xml"));
        var first = XDocument.Parse(await client.GetStringAsync("/feeds/archive/1/atom.xml"));
        var second = XDocument.Parse(await client.GetStringAsync("/feeds/archive/2/atom.xml"));
        var third = XDocument.Parse(await client.GetStringAsync("/feeds/archive/3/atom.xml"));
        using var filling = await client.GetAsync("/feeds/archive/4/atom.xml");

        Assert.Equal(Arrival.Take(10).Select(n => IdOf($"story-{n}")).Order(), Ids(first).Order());
        Assert.Equal($"{Base}/feeds/archive/3/atom.xml", Link(subscription, "prev-archive"));
        Assert.Null(subscription.Root!.Element(History + "archive"));
        Assert.NotNull(first.Root!.Element(History + "archive"));
        Assert.Null(Link(first, "prev-archive"));
        Assert.Equal($"{Base}/feeds/archive/2/atom.xml", Link(first, "next-archive"));
        Assert.Equal($"{Base}/feeds/archive/1/atom.xml", Link(second, "prev-archive"));
        Assert.Equal($"{Base}/feeds/archive/2/atom.xml", Link(third, "prev-archive"));
        // Only page 1 links onwards: a forward link would change the newest page when the next one completes.
        Assert.Null(Link(second, "next-archive"));
        Assert.Null(Link(third, "next-archive"));
        Assert.Equal($"{Base}/feeds/atom.xml", Link(third, "current"));
        Assert.Equal(HttpStatusCode.NotFound, filling.StatusCode);
    }

    [Fact]
    public async Task RSS_archive_pages_carry_the_same_links_as_atom_link_in_the_channel()
    {
        await using var app = await StartWithHistoryAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        var channel = XDocument.Parse(await client.GetStringAsync("/feeds/archive/2/rss.xml")).Root!.Element("channel")!;
        var links = channel.Elements(Atom + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);

        Assert.Equal($"{Base}/feeds/archive/1/rss.xml", links["prev-archive"]);
        Assert.False(links.ContainsKey("next-archive"));
        Assert.Equal($"{Base}/feeds/rss.xml", links["current"]);
        Assert.Equal($"{Base}/feeds/archive/2/rss.xml", links["self"]);
        Assert.NotNull(channel.Element(History + "archive"));
        Assert.Equal(10, channel.Elements("item").Count());
    }

    [Fact]
    public async Task A_new_and_a_backdated_article_leave_every_complete_page_byte_identical_and_pages_may_be_cached_for_good()
    {
        await using var app = await StartWithHistoryAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var before = await PageBytesAsync(client);

        app.DropIntoInbox("story-36.md", Article(36));
        app.DropIntoInbox("story-0.md", Article(0));
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/atom.xml").GetAwaiter().GetResult() is var atom
                && atom.Contains("Story 0<") && atom.Contains("Story 36<"), "both new articles in the served subscription document");
        using var page = await client.SendAsync(FeedHttp.Get("/feeds/archive/1/atom.xml"));
        using var again = await client.SendAsync(FeedHttp.Get("/feeds/archive/1/atom.xml", ifNoneMatch: FeedHttp.Header(page, "ETag")));

        Assert.Equal(before, await PageBytesAsync(client));
        Assert.Equal("public, max-age=31536000, immutable", FeedHttp.Header(page, "Cache-Control"));
        // The newest complete page too: it does not link onwards, so the next page completing leaves it as it is.
        using var newest = await client.SendAsync(FeedHttp.Get("/feeds/archive/3/atom.xml"));
        Assert.Equal("public, max-age=31536000, immutable", FeedHttp.Header(newest, "Cache-Control"));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Pages_completing_one_after_another_never_rewrite_a_complete_page_but_page_1_once_for_its_link_to_page_2()
    {
        await using var app = await TestApp.StartAsync("--Feeds:ArchivePageSize=10", "--Feeds:ItemCount=10");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        async Task CompletePageAsync(int page)
        {
            foreach (var n in Enumerable.Range((page - 1) * 10 + 1, 10))
                app.DropIntoInbox($"story-{n}.md", Article(n));
            await app.WaitUntilAsync(() => client.Send(FeedHttp.Get($"/feeds/archive/{page}/atom.xml")).IsSuccessStatusCode, $"page {page} served");
        }

        await CompletePageAsync(1);
        using (var alone = await client.SendAsync(FeedHttp.Get("/feeds/archive/1/atom.xml")))
        {
            // The only complete page links onwards to the subscription document, and may still change once.
            Assert.Equal($"{Base}/feeds/atom.xml", Link(XDocument.Parse(await alone.Content.ReadAsStringAsync()), "next-archive"));
            Assert.Equal("public, max-age=300", FeedHttp.Header(alone, "Cache-Control"));
        }

        await CompletePageAsync(2);
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/archive/1/atom.xml").GetAwaiter().GetResult().Contains("/feeds/archive/2/atom.xml"),
            "page 1 linking page 2");
        var second = await client.GetByteArrayAsync("/feeds/archive/2/atom.xml");
        var first = await client.GetByteArrayAsync("/feeds/archive/1/rss.xml");

        await CompletePageAsync(3);
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/atom.xml").GetAwaiter().GetResult().Contains("/feeds/archive/3/atom.xml"),
            "the subscription document linking page 3");

        Assert.Equal(second, await client.GetByteArrayAsync("/feeds/archive/2/atom.xml"));
        Assert.Equal(first, await client.GetByteArrayAsync("/feeds/archive/1/rss.xml"));
        using var page1 = await client.SendAsync(FeedHttp.Get("/feeds/archive/1/atom.xml"));
        Assert.Equal("public, max-age=31536000, immutable", FeedHttp.Header(page1, "Cache-Control"));
    }

    [Fact]
    public async Task A_corrected_article_rewrites_only_its_page_and_the_correction_reaches_the_subscription_document()
    {
        await using var app = await StartWithHistoryAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        var before = await PageBytesAsync(client);
        var corrected = Arrival[14]; // on page 2

        app.DropIntoInbox($"story-{corrected}.md", Article(corrected, "The corrected text."));
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/atom.xml").GetAwaiter().GetResult().Contains("The corrected text"),
            "the correction in the served subscription document");
        await app.WaitUntilAsync(() => client.GetStringAsync("/feeds/archive/2/atom.xml").GetAwaiter().GetResult().Contains("corrected"),
            "the correction on its archive page");
        var after = await PageBytesAsync(client);

        Assert.Equal(before["/feeds/archive/1/atom.xml"], after["/feeds/archive/1/atom.xml"]);
        Assert.Equal(before["/feeds/archive/3/rss.xml"], after["/feeds/archive/3/rss.xml"]);
        Assert.NotEqual(before["/feeds/archive/2/atom.xml"], after["/feeds/archive/2/atom.xml"]);
    }

    private static async Task<Dictionary<string, byte[]>> PageBytesAsync(HttpClient client)
    {
        var pages = new Dictionary<string, byte[]>();
        foreach (var page in new[] { 1, 2, 3 })
        {
            foreach (var file in new[] { "atom.xml", "rss.xml" })
                pages[$"/feeds/archive/{page}/{file}"] = await client.GetByteArrayAsync($"/feeds/archive/{page}/{file}");
        }
        return pages;
    }

    private static string IdOf(string id) => $"tag:127.0.0.1,{DateForId(id):yyyy-MM-dd}:articles/{id}";

    private static DateTime DateForId(string id) => new DateTime(2024, 1, 1).AddDays(int.Parse(id["story-".Length..]));

    private static IEnumerable<string> Ids(XDocument feed) => feed.Root!.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!);

    private static string? Link(XDocument feed, string rel) =>
        (string?)feed.Root!.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href");

    private static string Local(string href) => new Uri(href).PathAndQuery;
}
