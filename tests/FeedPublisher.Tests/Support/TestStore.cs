using Dapper;
using FeedPublisher.Articles;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Tests.Support;

/// <summary>The real SQLite store on a database file in a temp folder, migrated and ready.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();

    static TestStore()
    {
        // What AddStorage registers for the service.
        SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
    }

    private TestStore()
    {
        Connections = new SqliteConnectionFactory(
            Options.Create(new StorageOptions { ConnectionString = "Data Source=data/test.db" }), new TestHostEnvironment(_folder.Path));
        Store = new SqliteArticleStore(Connections, NullLogger<SqliteArticleStore>.Instance);
    }

    public SqliteConnectionFactory Connections { get; }
    public IArticleStore Store { get; }
    public string Folder => _folder.Path;

    public static async Task<TestStore> CreateAsync()
    {
        var store = new TestStore();
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async Task<UpsertOutcome> UpsertAsync(Article article, DateTimeOffset ingestedAt) =>
        (await Store.UpsertAsync([article], ingestedAt, CancellationToken.None)).Single();

    /// <summary>Writes to the file directly, to set up what an older version or another tool left there.</summary>
    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={Connections.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<long> CountArticlesAsync() => (await QueryAsync<long>("SELECT COUNT(*) FROM articles")).Single();

    /// <summary>Reads the file directly, not through the store, to see what it really holds.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={Connections.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
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
