using System.Text;

namespace FeedPublisher.Tests.Support;

/// <summary>A service with the full-fetch limit on and one article served, for the polling, status and hub tests.</summary>
public static class OneArticleSite
{
    /// <summary>An article file with front matter: one author, one tag, a fixed date.</summary>
    public static string Article(string id, string title, string tag = "Harbours") =>
        $"---\ntitle: {title}\nid: {id}\nauthors: [Ada Writer]\ntags: [{tag}]\ndate: 2026-11-20T10:00:00Z\n---\n\nThe text of {title}.\n";

    public static async Task<TestApp> StartAsync(params string[] extra)
    {
        var app = await TestApp.StartAsync(["--Polling:Enabled=true", .. extra]);
        app.DropIntoInbox("first.md", Encoding.UTF8.GetBytes(Article("first", "First story")));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/feeds/atom.xml", "First story"), "the first article served");
        return app;
    }
}
