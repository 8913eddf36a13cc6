using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Storage.Sqlite;

/// <summary>Opens SQLite connections with the settings every connection needs; creates the database's folder once.</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _unpooledConnectionString;

    public SqliteConnectionFactory(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString);
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        builder.Pooling = true;
        // Microsoft.Data.Sqlite retries a busy database for this long before it gives up.
        if (builder.DefaultTimeout < 30)
            builder.DefaultTimeout = 30;
        _connectionString = builder.ToString();
        builder.Pooling = false;
        builder.Mode = SqliteOpenMode.ReadWrite; // a health check must not create a missing database
        _unpooledConnectionString = builder.ToString();
        DatabasePath = builder.DataSource;
    }

    public string DatabasePath { get; }

    /// <param name="pooled">False for a health check: a pooled connection keeps a deleted or replaced file open.</param>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, bool pooled = true)
    {
        var connection = new SqliteConnection(pooled ? _connectionString : _unpooledConnectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;");
        return connection;
    }
}
