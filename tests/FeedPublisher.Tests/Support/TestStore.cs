using System.Data.Common;
using Dapper;
using FeedPublisher.Articles;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Postgres;
using FeedPublisher.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FeedPublisher.Tests.Support;

/// <summary>
/// A real store, migrated and ready: SQLite on a database file in a temp folder, or PostgreSQL on a database of its
/// own on the test server (<see cref="TestPostgres"/>).
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestDatabase? _database;
    private readonly NpgsqlDataSource? _dataSource;

    static TestStore()
    {
        // What AddStorage registers for the service.
        SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
    }

    private TestStore(StoreBackend backend, TestDatabase? database)
    {
        Backend = backend;
        Connections = new SqliteConnectionFactory(
            Options.Create(new StorageOptions { ConnectionString = "Data Source=data/test.db" }), new TestHostEnvironment(_folder.Path));
        if (database is null)
        {
            Store = new SqliteArticleStore(Connections, NullLogger<SqliteArticleStore>.Instance);
            return;
        }
        _database = database;
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Store = new PostgresArticleStore(_dataSource, NullLogger<PostgresArticleStore>.Instance);
    }

    public StoreBackend Backend { get; }

    /// <summary>The SQLite backend's connections (its database file is created on first use).</summary>
    public SqliteConnectionFactory Connections { get; }

    /// <summary>The PostgreSQL backend's connection string; null on SQLite.</summary>
    public string? PostgresConnectionString => _database?.ConnectionString;

    public IArticleStore Store { get; }
    public string Folder => _folder.Path;

    public static async Task<TestStore> CreateAsync(StoreBackend backend = StoreBackend.Sqlite)
    {
        var store = new TestStore(backend, backend == StoreBackend.Postgres ? await TestPostgres.CreateDatabaseAsync() : null);
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Another store on the same database, as a second instance (or a command beside a server) has.</summary>
    public IArticleStore SecondStore(out IAsyncDisposable resources)
    {
        if (_database is null)
        {
            var connections = new SqliteConnectionFactory(
                Options.Create(new StorageOptions { ConnectionString = "Data Source=data/test.db" }), new TestHostEnvironment(_folder.Path));
            resources = new NoResources();
            return new SqliteArticleStore(connections, NullLogger<SqliteArticleStore>.Instance);
        }
        var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        resources = dataSource;
        return new PostgresArticleStore(dataSource, NullLogger<PostgresArticleStore>.Instance);
    }

    public async Task<UpsertOutcome> UpsertAsync(Article article, DateTimeOffset ingestedAt) =>
        (await Store.UpsertAsync([article], ingestedAt, CancellationToken.None)).Single();

    /// <summary>Writes to the database directly, to set up what an older version or another tool left there.</summary>
    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenDirectAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<long> CountArticlesAsync() => (await QueryAsync<long>("SELECT COUNT(*) FROM articles")).Single();

    /// <summary>Reads the database directly, not through the store, to see what it really holds.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenDirectAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    private async Task<DbConnection> OpenDirectAsync()
    {
        DbConnection connection = _database is null
            ? new SqliteConnection($"Data Source={Connections.DatabasePath};Pooling=False")
            : new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        SqliteConnection.ClearAllPools();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        _folder.Dispose();
    }

    private sealed class NoResources : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>An article as the parser would hand it over.</summary>
    public static Article Article(
        string id, string title = "X", DateTimeOffset? published = null, string body = "Body text.", bool draft = false,
        DateTimeOffset? updated = null, string[]? authors = null, string[]? tags = null)
    {
        var date = published ?? new DateTimeOffset(2014, 6, 20, 0, 0, 0, TimeSpan.Zero);
        return new Article(
            Id: id,
            Slug: SlugMaker.FromText(title),
            Guid: ArticleGuid.Mint(new Uri("http://127.0.0.1:5080/"), id, date),
            Title: title,
            Authors: authors ?? ["Jane Doe"],
            Published: published,
            Updated: updated,
            Summary: body,
            ContentHtml: $"<p>{body}</p>",
            Tags: tags ?? [],
            IsDraft: draft,
            SourceFileName: id + ".md");
    }
}
