using FeedPublisher.Feeds;
using FeedPublisher.Storage;

namespace FeedPublisher.Cluster;

public static class ClusterExtensions
{
    /// <summary>
    /// Several instances on one PostgreSQL database (Storage:Provider=postgres): regenerations store their feeds in the
    /// database and every instance serves those. On SQLite (one machine) nothing is added: the served set is this
    /// process's own.
    /// </summary>
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        if (!IsClustered(builder))
            return builder;
        builder.Services.AddSingleton<ClusterFeedSink>();
        builder.Services.AddSingleton<IFeedSink>(services => services.GetRequiredService<ClusterFeedSink>());
        builder.Services.AddSingleton<ClusterFeedLoader>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ClusterFeedLoader>());
        builder.Services.AddSingleton<ClusterRegeneration>();
        builder.Services.AddHostedService<StartUpRegeneration>();
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        // Registered after AddInbox's own, so this one wins.
        if (builder.Configuration.GetValue<bool>("Inbox:Shared"))
            builder.Services.AddSingleton<Inbox.IInboxWatchTurns, SharedInboxTurns>();
        return builder;
    }

    public static bool IsClustered(IHostApplicationBuilder builder) =>
        IsClustered(builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());

    /// <summary>The one rule: every instance on PostgreSQL is one of a cluster, even when it runs alone.</summary>
    public static bool IsClustered(StorageOptions storage) => storage.UsesPostgres;
}
