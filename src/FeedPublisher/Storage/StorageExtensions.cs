using Dapper;
using FeedPublisher.Storage.Postgres;
using FeedPublisher.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FeedPublisher.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        // Dapper's handlers are process-wide: registered here, once, not by a store's constructor.
        SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (options.UsesPostgres)
        {
            builder.Services.AddSingleton<IValidateOptions<StorageOptions>, PostgresStorageOptionsValidator>();
            // Built from the validated options: a connection string that is not one fails with the validator's message.
            builder.Services.AddSingleton(services => new NpgsqlDataSourceBuilder(services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
                .UseLoggerFactory(services.GetRequiredService<ILoggerFactory>())
                .Build());
            builder.Services.AddSingleton<PostgresArticleStore>();
            builder.Services.AddSingleton<RelationalArticleStore>(services => services.GetRequiredService<PostgresArticleStore>());
        }
        else
        {
            builder.Services.AddSingleton<IValidateOptions<StorageOptions>, SqliteStorageOptionsValidator>();
            builder.Services.AddSingleton<SqliteConnectionFactory>();
            builder.Services.AddSingleton<SqliteArticleStore>();
            builder.Services.AddSingleton<RelationalArticleStore>(services => services.GetRequiredService<SqliteArticleStore>());
        }
        builder.Services.AddSingleton<IArticleStore>(services => services.GetRequiredService<RelationalArticleStore>());
        builder.Services.AddSingleton<IStoreChangeLog>(services => services.GetRequiredService<RelationalArticleStore>());
        builder.Services.AddHostedService<StorageMigrationService>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("database");
        return builder;
    }
}
