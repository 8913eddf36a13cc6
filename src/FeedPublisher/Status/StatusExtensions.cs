using FeedPublisher.Metrics;
using FeedPublisher.Polling;
using FeedPublisher.Site;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Status;

public static class StatusExtensions
{
    /// <summary>The accounting of feed requests, the full-fetch limit, the forwarded-address rule, /status and /metrics.</summary>
    public static IHostApplicationBuilder AddStatus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StatusOptions>, StatusOptionsValidator>();
        builder.Services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PollingOptions>, PollingOptionsValidator>();
        builder.Services.AddSingleton<FeedPublisherMetrics>();
        // Only our own instruments: listening to the framework's would add their cost to every poll.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("feedpublisher", serviceVersion: Feeds.FeedNames.GeneratorVersion))
            .WithMetrics(metrics => metrics
            .AddMeter(FeedPublisherMetrics.MeterName)
            .AddView(instrument => instrument.Name == FeedPublisherMetrics.RegenerationDuration
                ? new OpenTelemetry.Metrics.ExplicitBucketHistogramConfiguration { Boundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] }
                : null)
            // Each scrape reads the figures as they are, not a copy kept for a while.
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddSingleton<Pollers>();
        builder.Services.AddSingleton<StatusAccess>();
        builder.Services.AddSingleton(services => new StatusPage(services.GetRequiredService<IOptions<SiteOptions>>().Value));
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PollingOptions>>((forwarded, polling) =>
        {
            // Only the listed proxies are believed, not the framework's default of loopback.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = null;
            foreach (var proxy in polling.Value.TrustedProxies)
            {
                if (System.Net.IPAddress.TryParse(proxy, out var address))
                    forwarded.KnownProxies.Add(address);
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                    forwarded.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline: behind listed proxies, the client's address is the one they forward.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // Read from the configuration, not the options: this runs before start-up validates them and reports a bad one.
        if (app.Configuration.GetSection($"{PollingOptions.Section}:{nameof(PollingOptions.TrustedProxies)}").GetChildren().Any())
            app.UseForwardedHeaders();
        return app;
    }
}
