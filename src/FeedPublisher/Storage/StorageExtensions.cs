using System.Runtime.CompilerServices;
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
            AddPostgres(builder.Services);
        else
            AddSqlite(builder.Services);
        builder.Services.AddSingleton<IArticleStore>(services => services.GetRequiredService<RelationalArticleStore>());
        builder.Services.AddSingleton<IStoreChangeLog>(services => services.GetRequiredService<RelationalArticleStore>());
        builder.Services.AddHostedService<StorageMigrationService>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("database");
        return builder;
    }

    // Its own method, so that compiling AddStorage on SQLite does not load Npgsql: the idle service stays smaller.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddPostgres(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<StorageOptions>, PostgresStorageOptionsValidator>();
        // Built from the validated options: a connection string that is not one fails with the validator's message.
        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
            .Build());
        services.AddSingleton<PostgresArticleStore>();
        services.AddSingleton<RelationalArticleStore>(provider => provider.GetRequiredService<PostgresArticleStore>());
    }

    private static void AddSqlite(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<StorageOptions>, SqliteStorageOptionsValidator>();
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<SqliteArticleStore>();
        services.AddSingleton<RelationalArticleStore>(provider => provider.GetRequiredService<SqliteArticleStore>());
    }
}
