using FeedPublisher.Feeds;
using FeedPublisher.Site;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Web;

public static class WebExtensions
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        // Each stage logs its own problem once per streak; the health check service would log it again at every poll
        // of /healthz (a load balancer's every few seconds) for as long as it lasts.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Services.AddSingleton<ServedFeeds>();
        // With several instances the database's feeds are served (Cluster/), not this process's regenerations or files.
        if (!Cluster.ClusterExtensions.IsClustered(builder))
        {
            builder.Services.AddSingleton<IFeedSink, LocalFeedSink>();
            builder.Services.AddHostedService<ServedFeedsLoader>();
        }
        builder.Services.AddSingleton(services => new HtmlPages(
            services.GetRequiredService<IOptions<SiteOptions>>().Value, services.GetRequiredService<FeedUrls>(),
            services.GetRequiredService<IEnumerable<IFeedFormat>>()));
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            // Pollers send small GETs; anything bigger or slower is not one of ours.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MaxConcurrentConnections = 10_000;
        });
        return builder;
    }

    public static WebApplication MapFeedPublisherEndpoints(this WebApplication app)
    {
        Status.StatusExtensions.UseTrustedProxies(app);
        app.UseMiddleware<FeedEndpointMiddleware>();
        // Routing after the feeds, not (as WebApplication does by default) first: a poll is answered before any
        // route matching happens.
        app.UseRouting();
        Status.StatusEndpoints.UseStatusAccess(app);
        app.MapSiteEndpoints();
        Status.StatusEndpoints.MapStatusEndpoints(app);
        Intake.IntakeEndpoint.MapIntake(app);
        return app;
    }
}
