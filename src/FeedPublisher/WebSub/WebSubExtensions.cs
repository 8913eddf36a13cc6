using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FeedPublisher.WebSub;

public static class WebSubExtensions
{
    /// <summary>
    /// The hub links and the publisher. Hub pings go through an HTTP client with the standard resilience pipeline, one
    /// per hub (its own circuit breaker): three retries with exponential back-off and jitter, 10 s an attempt, 60 s
    /// in all, and a breaker that stops pinging a hub that keeps failing for 30 s at a time.
    /// </summary>
    public static IHostApplicationBuilder AddWebSub(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubLinks>();
        builder.Services.AddSingleton<HubStatus>();
        builder.Services.AddSingleton<HubNotifier>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HubNotifier>());
        builder.Services.AddHealthChecks().AddCheck<HubHealthCheck>("hubs");
        // The factory logs four lines per request and the pipeline one per retry and per opened circuit.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Polly logs an opened circuit as an error with the whole stack trace; HubNotifier says it once, plainly.
        builder.Logging.AddFilter("Polly", LogLevel.None);
        builder.Services.AddHttpClient(HubNotifier.ClientName, client =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd($"FeedPublisher/{Feeds.FeedNames.GeneratorVersion}");
                // The pipeline's timeouts decide; the client's own default of 100 s would only cut them short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 3;
                options.Retry.BackoffType = DelayBackoffType.Exponential;
                options.Retry.UseJitter = true;
                options.Retry.Delay = TimeSpan.FromSeconds(2);
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
                options.CircuitBreaker.MinimumThroughput = 4;
                options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
            })
            .SelectPipelineByAuthority();
        return builder;
    }
}
