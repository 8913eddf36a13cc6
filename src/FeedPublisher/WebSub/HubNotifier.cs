using FeedPublisher.Feeds;
using FeedPublisher.Metrics;
using Microsoft.Extensions.Options;

namespace FeedPublisher.WebSub;

/// <summary>
/// The WebSub publisher (W3C WebSub §7): after a regeneration changed feeds' bytes, tells every hub which topics
/// changed, in the background, one form-encoded publish request per hub carrying many hub.url values. Changes are
/// gathered for <c>Feeds:HubPingDelay</c> first, so a burst of articles gives a few pings and the other instances
/// serve the new bytes by the time a hub fetches them. Retries, timeouts and a circuit breaker per hub come from the
/// HTTP client's resilience pipeline (WebSubExtensions); nothing here ever holds up ingest, regeneration or serving.
/// </summary>
public sealed class HubNotifier : BackgroundService
{
    public const string ClientName = "websub";

    /// <summary>How soon topics a hub refused are tried again by themselves, doubling up to <see cref="MaxRetryAfterFailure"/>.</summary>
    public static readonly TimeSpan FirstRetryAfterFailure = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxRetryAfterFailure = TimeSpan.FromMinutes(10);

    /// <summary>hub.url values per request, keeping the form well under common request-body limits.</summary>
    private const int TopicsPerPing = 100;

    private readonly IHttpClientFactory _clients;
    private readonly HubLinks _links;
    private readonly HubStatus _status;
    private readonly FeedPublisherMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<HubNotifier> _logger;
    private readonly TimeSpan _delay;
    private readonly HubQueue[] _queues;

    public HubNotifier(IHttpClientFactory clients, IOptions<FeedsOptions> options, HubLinks links, HubStatus status, FeedPublisherMetrics metrics,
        TimeProvider time, ILogger<HubNotifier> logger)
    {
        _clients = clients;
        _links = links;
        _status = status;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _delay = options.Value.HubPingDelay;
        _queues = [.. links.Hubs.Select(hub => new HubQueue(hub))];
    }

    /// <summary>These feeds now serve new bytes, made by this instance: announce them. Returns at once.</summary>
    public void Announce(IEnumerable<string> urlPaths)
    {
        if (_queues.Length == 0)
            return;
        var topics = urlPaths.Where(HubLinks.IsTopic).Select(path => _links.Topic(path).AbsoluteUri).ToArray();
        if (topics.Length == 0)
            return;
        foreach (var queue in _queues)
            queue.Add(topics);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queues.Select(queue => RunAsync(queue, stoppingToken)));

    private async Task RunAsync(HubQueue queue, CancellationToken stoppingToken)
    {
        var retryAfter = TimeSpan.Zero;
        try
        {
            while (true)
            {
                // After a failure the refused topics go again by themselves, on a back-off, or sooner with a new change.
                if (retryAfter > TimeSpan.Zero)
                    await queue.WaitAsync(retryAfter, stoppingToken);
                else
                    await queue.WaitAsync(stoppingToken);
                if (_delay > TimeSpan.Zero)
                    await Task.Delay(_delay, _time, stoppingToken);
                var failed = false;
                foreach (var topics in queue.TakeAll().Chunk(TopicsPerPing))
                {
                    if (!await PingAsync(queue.Hub, topics, stoppingToken))
                    {
                        failed = true;
                        queue.Add(topics, wake: false);
                    }
                }
                retryAfter = !failed ? TimeSpan.Zero
                    : retryAfter == TimeSpan.Zero ? FirstRetryAfterFailure
                    : TimeSpan.FromTicks(Math.Min(retryAfter.Ticks * 2, MaxRetryAfterFailure.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> PingAsync(Uri hub, string[] topics, CancellationToken cancellationToken)
    {
        var name = hub.AbsoluteUri;
        string error;
        try
        {
            using var content = new FormUrlEncodedContent(
                [new("hub.mode", "publish"), .. topics.Select(topic => new KeyValuePair<string, string>("hub.url", topic))]);
            using var response = await _clients.CreateClient(ClientName).PostAsync(hub, content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var failedBefore = _status.Accepted(name, topics.Length, _time.GetUtcNow());
                _metrics.HubPinged(name, ok: true);
                if (failedBefore > 0)
                    _logger.LogInformation("Hub {Hub} takes pings again, after {Failures} failed; told it of {Topics} changed feed(s)", name, failedBefore, topics.Length);
                else
                    _logger.LogDebug("Told hub {Hub} of {Topics} changed feed(s)", name, topics.Length);
                return true;
            }
            error = $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Refused connections, timeouts, an open circuit: all the same to the publisher.
            error = ex.Message;
        }
        _metrics.HubPinged(name, ok: false);
        if (_status.Failed(name, error, _time.GetUtcNow()) == 1)
            _logger.LogWarning("Hub {Hub} did not take the ping for {Topics} changed feed(s): {Error}. Its subscribers see the change when they next poll; the feeds are pinged again with the next change, and this is not logged again until the hub takes a ping",
                name, topics.Length, error);
        return false;
    }
}
