using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

public static class InboxExtensions
{
    public static IHostApplicationBuilder AddInbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InboxOptions>, InboxOptionsValidator>();
        builder.Services.AddSingleton<InboxFolders>();
        builder.Services.AddSingleton<InboxFileMover>();
        builder.Services.AddSingleton<InboxStatus>();
        builder.Services.AddSingleton<ArticleIngestor>();
        builder.Services.AddSingleton<IInboxWatchTurns, OwnInbox>();
        builder.Services.AddHostedService<InboxWatcher>();
        builder.Services.AddHealthChecks().AddCheck<InboxHealthCheck>("inbox");
        return builder;
    }
}
