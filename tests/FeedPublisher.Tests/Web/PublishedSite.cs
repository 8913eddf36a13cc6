using System.Text;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Web;

/// <summary>
/// One real service per test class, with two articles published and both feeds served over HTTP. The tests only read
/// from it. A file named like the service's settings sits in the content root, one folder above feeds/, so a path that
/// escaped the feeds folder would have something to leak.
/// </summary>
public sealed class PublishedSite : IAsyncLifetime
{
    public const string HarbourTitle = "Harbour workers stop the port after wage talks collapse";
    public const string HarbourPath = "/articles/harbour-workers-stop-the-port-after-wage-talks-collapse";
    public const string HostileTitle = "Hostile markup in an article";
    public const string SecretMarker = "settings-secret-4d1c9e0b";
    public static readonly string[] FeedPaths = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"];

    private TestApp? _app;
    private HttpClient? _client;

    public TestApp App => _app ?? throw new InvalidOperationException("the site has not started");
    public HttpClient Client => _client ?? throw new InvalidOperationException("the site has not started");
    public Uri BaseAddress => App.BaseAddress!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _client = FeedHttp.CreateClient(BaseAddress);
        await File.WriteAllTextAsync(Path.Combine(App.Root, "appsettings.json"), $$"""{ "NotForTheWeb": "{{SecretMarker}}" }""");
        App.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        App.DropIntoInbox("hostile-html.md", TestFiles.FixtureBytes("hostile-html.md"));
        foreach (var path in FeedPaths)
            await WaitUntilServedAsync(path, body => body.Contains(HarbourTitle) && body.Contains(HostileTitle), $"both articles in {path}");
    }

    /// <summary>Polls the feed over HTTP until its identity body satisfies <paramref name="condition"/>.</summary>
    public async Task WaitUntilServedAsync(string path, Func<string, bool> condition, string what)
    {
        await App.WaitUntilAsync(() =>
        {
            using var response = Client.Send(FeedHttp.Get(path));
            return response.IsSuccessStatusCode
                && condition(Encoding.UTF8.GetString(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()));
        }, what);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
