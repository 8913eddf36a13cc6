using System.Text;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>Pollers that keep only Last-Modified (no ETag) must still see every change to a feed.</summary>
[Collection(RealAppCollection.Name)]
public sealed class LastModifiedTests
{
    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/atom.xml")]
    public async Task Article_dated_before_the_newest_one_still_moves_Last_Modified_so_If_Modified_Since_gets_the_new_feed(string path)
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        var before = await WaitUntilServedAsync(app, client, path, "Harbour workers");

        var older = TestFiles.FixtureText("dated-template.md").Replace("{{DATE}}", "3 January 2013");
        app.DropIntoInbox("older.md", Encoding.UTF8.GetBytes(older));
        var after = await WaitUntilServedAsync(app, client, path, "A report whose date line varies");

        Assert.NotEqual(before.ETag, after.ETag);
        Assert.True(after.LastModified > before.LastModified, $"Last-Modified stayed at {before.LastModified:R} although the feed changed");
        using var conditional = await client.SendAsync(FeedHttp.Get(path, ifModifiedSince: before.LastModified.ToString("R")));
        Assert.Equal(200, (int)conditional.StatusCode);
        Assert.Contains("A report whose date line varies", await conditional.Content.ReadAsStringAsync());
    }

    private static async Task<(string ETag, DateTimeOffset LastModified)> WaitUntilServedAsync(TestApp app, HttpClient client, string path, string text)
    {
        (string, DateTimeOffset)? validators = null;
        await app.WaitUntilAsync(() =>
        {
            using var response = client.Send(FeedHttp.Get(path));
            if (!response.IsSuccessStatusCode
                || !Encoding.UTF8.GetString(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()).Contains(text))
                return false;
            validators = (FeedHttp.Header(response, "ETag")!, response.Content.Headers.LastModified!.Value);
            return true;
        }, $"'{text}' in {path}");
        return validators!.Value;
    }
}
