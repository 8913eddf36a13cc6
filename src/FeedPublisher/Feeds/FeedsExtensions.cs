using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

public static class FeedsExtensions
{
    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeedsOptions>().BindConfiguration(FeedsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FeedsOptions>, FeedsOptionsValidator>();
        builder.Services.AddSingleton<IFeedFormat, RssFeedFormat>();
        builder.Services.AddSingleton<IFeedFormat, AtomFeedFormat>();
        builder.Services.AddSingleton<IFeedFormat, JsonFeedFormat>();
        builder.Services.AddSingleton<FeedOutputFolder>();
        builder.Services.AddHostedService<FeedOutputCleanup>();
        // After AddStorage's migrations, which run first in the same start-up phase.
        builder.Services.AddHostedService<ArchivePageSizeCheck>();
        builder.Services.AddSingleton<FeedDocumentBuilder>();
        builder.Services.AddSingleton<ScopeCatalogue>();
        builder.Services.AddSingleton<FeedUrls>();
        builder.Services.AddSingleton<ServedBodyStore>();
        builder.Services.AddSingleton<FeedSetWriter>();
        builder.Services.AddSingleton<FeedRegenerator>();
        builder.Services.AddHealthChecks().AddCheck<FeedsHealthCheck>("feeds");
        return builder;
    }
}
