using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Storage;

/// <summary>What only the SQLite backend promises: its file, where it lives, its journal and its text instants.</summary>
public sealed class SqliteStoreTests
{
    private static readonly DateTimeOffset June20 = new(2014, 6, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstIngest = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Database_file_lives_under_the_content_root_in_wal_mode()
    {
        await using var db = await TestStore.CreateAsync();
        Assert.Equal(Path.Combine(db.Folder, "data", "test.db"), db.Connections.DatabasePath);
        Assert.True(File.Exists(db.Connections.DatabasePath));
        Assert.Equal(["wal"], await db.QueryAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Instants_are_stored_as_sortable_utc_text()
    {
        await using var db = await TestStore.CreateAsync();
        await db.UpsertAsync(TestStore.Article("a1", published: June20), FirstIngest);
        Assert.Equal(["2024-03-01T12:00:00.0000000Z"], await db.QueryAsync<string>("SELECT ingested_at FROM articles"));
        Assert.Equal(["2014-06-20T00:00:00.0000000Z"], await db.QueryAsync<string>("SELECT published FROM articles"));
    }
}
