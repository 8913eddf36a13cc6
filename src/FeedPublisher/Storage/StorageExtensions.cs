using Dapper;
using FeedPublisher.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, SqliteStorageOptionsValidator>();
        // Dapper's handlers are process-wide: registered here, once, not by a store's constructor.
        SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
        builder.Services.AddSingleton<SqliteConnectionFactory>();
        builder.Services.AddSingleton<SqliteArticleStore>();
        builder.Services.AddSingleton<IArticleStore>(services => services.GetRequiredService<SqliteArticleStore>());
        builder.Services.AddSingleton<IStoreChangeLog>(services => services.GetRequiredService<SqliteArticleStore>());
        builder.Services.AddHostedService<StorageMigrationService>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("database");
        return builder;
    }
}
