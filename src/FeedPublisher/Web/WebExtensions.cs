namespace FeedPublisher.Web;

public static class WebExtensions
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapFeedPublisherEndpoints(this WebApplication app)
    {
        return app;
    }
}
