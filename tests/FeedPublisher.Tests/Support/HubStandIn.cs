using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FeedPublisher.Tests.Support;

/// <summary>
/// A WebSub hub on loopback, as real hubs behave toward a publisher: it takes form-encoded publish requests, answers
/// 204 (or what the test makes it answer), then fetches every topic named and keeps what it got.
/// </summary>
public sealed class HubStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _fetcher = FeedHttp.CreateClient(new Uri("http://127.0.0.1/"));

    public sealed record Ping(DateTimeOffset At, string Mode, IReadOnlyList<string> Topics);

    public sealed record Fetch(string Topic, int Status, byte[] Body, string? Link);

    public ConcurrentQueue<Ping> Pings { get; } = new();
    public ConcurrentQueue<Fetch> Fetches { get; } = new();

    /// <summary>What the hub answers publish requests with; 204 unless a test says otherwise.</summary>
    public int AnswerWith { get; set; } = StatusCodes.Status204NoContent;

    /// <summary>How many of the next publish requests to answer 503, as a hub that is briefly down does.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    private int _failNext;

    /// <summary>Publish requests received, whatever they were answered.</summary>
    public int Requests => _requests;

    private int _requests;

    private HubStandIn(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<HubStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--Urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        var app = builder.Build();
        var hub = new HubStandIn(app);
        app.MapPost("/", hub.PublishAsync);
        await app.StartAsync();
        hub.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return hub;
    }

    private async Task PublishAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Volatile.Read(ref _failNext) > 0 && Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (AnswerWith >= 300)
        {
            context.Response.StatusCode = AnswerWith;
            return;
        }
        var form = await context.Request.ReadFormAsync();
        var ping = new Ping(DateTimeOffset.UtcNow, form["hub.mode"].ToString(), [.. form["hub.url"].Select(v => v!)]);
        Pings.Enqueue(ping);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        // As hubs do: fetch each topic after answering, to send subscribers what changed.
        _ = Task.Run(async () =>
        {
            foreach (var topic in ping.Topics)
            {
                using var response = await _fetcher.GetAsync(topic);
                Fetches.Enqueue(new Fetch(topic, (int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(),
                    FeedHttp.Header(response, "Link")));
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _app.DisposeAsync();
    }
}
