using System.Text.Json;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>
/// The service and the command line on PostgreSQL (Storage:Provider=postgres), each on a database of its own on the
/// test server: the same files give the same feeds, byte for byte, as on SQLite.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class PostgresTests
{
    private static string[] On(TestDatabase database) =>
        ["--Storage:Provider=postgres", $"--Storage:ConnectionString={database.ConnectionString}"];

    private static string Article(string id, string title, string tags, int day, string author = "Jane Doe") =>
        $"---\ntitle: {title}\nid: {id}\nauthors: [{author}]\ntags: {tags}\ndate: 2024-03-{day:D2}T09:00:00Z\n---\n\nThe text of {title}.\n";

    /// <summary>Titles, tags and authors whose order differs between byte order and a language's collation.</summary>
    private static string WriteArticles(TempDirectory root)
    {
        var folder = Path.Combine(root.Path, "export");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.md"), Article("Zebra-1", "Same headline", "[City, Ärger]", 1, "émile Zola"));
        File.WriteAllText(Path.Combine(folder, "b.md"), Article("apple-2", "Same headline", "[City, Budget]", 1, "Émile Zola"));
        File.WriteAllText(Path.Combine(folder, "c.md"), Article("Ångström-3", "Same headline", "[budget]", 1, "anna Berg"));
        File.WriteAllText(Path.Combine(folder, "d.md"), Article("zz-4", "Other story", "[Zoo, zoologie]", 2, "Anna Berg"));
        return folder;
    }

    [PostgresFact]
    public async Task Every_command_works_on_postgres()
    {
        using var root = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var folder = WriteArticles(root);

        var ingest = await ServiceProcess.RunCommandAsync(root.Path, ["ingest", folder, .. On(database)]);
        var again = await ServiceProcess.RunCommandAsync(root.Path, ["ingest", folder, "--json", .. On(database)]);
        var list = await ServiceProcess.RunCommandAsync(root.Path, ["list", "--tag", "City", "--json", .. On(database)]);
        var retract = await ServiceProcess.RunCommandAsync(root.Path, ["retract", "zz-4", "--reason", "Published in error", .. On(database)]);
        var show = await ServiceProcess.RunCommandAsync(root.Path, ["show", "zz-4", "--json", .. On(database)]);
        var restore = await ServiceProcess.RunCommandAsync(root.Path, ["restore", "zz-4", .. On(database)]);
        var rebuild = await ServiceProcess.RunCommandAsync(root.Path, ["rebuild", "--json", .. On(database)]);
        var check = await ServiceProcess.RunCommandAsync(root.Path, ["check", Path.Combine(folder, "a.md"), .. On(database)]);

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        Assert.Contains("4 new, 0 updated, 0 unchanged, 0 failed", ingest.Output);
        using (var summary = JsonDocument.Parse(again.Output))
            Assert.Equal(4, summary.RootElement.GetProperty("unchanged").GetInt32());
        using (var tagged = JsonDocument.Parse(list.Output))
            Assert.Equal(["apple-2", "Zebra-1"], tagged.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order(StringComparer.Ordinal).Reverse());
        Assert.True(retract.ExitCode == 0, retract.Errors);
        using (var shown = JsonDocument.Parse(show.Output))
            Assert.Equal("retracted", shown.RootElement.GetProperty("state").GetString());
        Assert.True(restore.ExitCode == 0, restore.Errors);
        Assert.True(rebuild.ExitCode == 0, rebuild.Errors);
        Assert.Contains("Other story", await File.ReadAllTextAsync(Path.Combine(root.Path, "feeds", "atom.xml")));
        Assert.Equal(0, check.ExitCode);
        Assert.False(File.Exists(Path.Combine(root.Path, "data", "feedpublisher.db")), "nothing may go to the SQLite file");
    }

    [PostgresFact]
    public async Task A_regeneration_is_not_ended_by_the_servers_idle_in_transaction_timeout()
    {
        // Managed PostgreSQL services often set idle_in_transaction_session_timeout. The regeneration holds its
        // transaction (and the advisory lock in it) while it renders, with the connection idle meanwhile.
        using var root = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var ingest = await ServiceProcess.RunCommandAsync(root.Path, ["ingest", WriteArticles(root), .. On(database)]);
        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var set = new Npgsql.NpgsqlCommand($"ALTER DATABASE {database.Name} SET idle_in_transaction_session_timeout = '20ms'", connection);
            await set.ExecuteNonQueryAsync();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();

        var rebuild = await ServiceProcess.RunCommandAsync(root.Path, ["rebuild", "--json", .. On(database)]);

        Assert.True(rebuild.ExitCode == 0, $"exit {rebuild.ExitCode}: {rebuild.Errors}");
        Assert.Contains("Other story", await File.ReadAllTextAsync(Path.Combine(root.Path, "feeds", "atom.xml")));
    }

    [PostgresFact]
    public async Task The_same_files_give_byte_identical_feeds_on_postgres_and_on_sqlite()
    {
        using var sqliteRoot = new TempDirectory();
        using var postgresRoot = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();

        foreach (var (root, storage) in new[] { (sqliteRoot, Array.Empty<string>()), (postgresRoot, On(database)) })
        {
            var ingest = await ServiceProcess.RunCommandAsync(root.Path, ["ingest", WriteArticles(root), .. storage]);
            Assert.True(ingest.ExitCode == 0, ingest.Errors);
            var rebuild = await ServiceProcess.RunCommandAsync(root.Path, ["rebuild", .. storage]);
            Assert.True(rebuild.ExitCode == 0, rebuild.Errors);
        }

        var sqliteFeeds = FeedFiles(sqliteRoot.Path);
        var postgresFeeds = FeedFiles(postgresRoot.Path);
        Assert.Equal(sqliteFeeds.Keys, postgresFeeds.Keys);
        Assert.True(sqliteFeeds.Count >= 18, $"every site, tag and author feed: {string.Join(", ", sqliteFeeds.Keys)}");
        foreach (var (path, bytes) in sqliteFeeds)
            Assert.True(bytes.AsSpan().SequenceEqual(postgresFeeds[path]), $"{path} differs between SQLite and PostgreSQL");
    }

    [PostgresFact]
    public async Task The_service_on_postgres_publishes_dropped_files_and_a_commands_changes_reach_it()
    {
        using var root = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path), On(database));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        app.DropIntoInbox("buses.md", System.Text.Encoding.UTF8.GetBytes(Article("buses", "New buses for line 7", "[Transport]", 3)));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/transport/atom.xml", "New buses for line 7"), "the dropped article served");
        var retract = await ServiceProcess.RunCommandAsync(root.Path, ["retract", "buses", .. On(database)]);

        Assert.True(retract.ExitCode == 0, retract.Errors);
        await app.WaitUntilAsync(() => !FeedHttp.Serves(client, "/feeds/rss.xml", "New buses for line 7")
            && FeedHttp.Serves(client, "/feeds/atom.xml", "deleted-entry"), "the retraction served");
        var health = await client.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
    }

    [PostgresFact]
    public async Task A_connection_string_that_names_no_server_is_refused_with_exit_2_and_an_unreachable_server_with_exit_3()
    {
        using var root = new TempDirectory();

        var sqliteString = await ServiceProcess.RunCommandAsync(root.Path, "list", "--Storage:Provider=postgres");
        var unreachable = await ServiceProcess.RunCommandAsync(root.Path, "list", "--Storage:Provider=postgres",
            "--Storage:ConnectionString=Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        var badProvider = await ServiceProcess.RunCommandAsync(root.Path, "list", "--Storage:Provider=mysql");

        Assert.Equal(2, sqliteString.ExitCode);
        Assert.Contains("must name a PostgreSQL server", sqliteString.Errors);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("the database cannot be opened", unreachable.Errors);
        Assert.Equal(2, badProvider.ExitCode);
        Assert.Contains("'sqlite' (the default) or 'postgres'", badProvider.Errors);
        Assert.DoesNotContain("   at ", sqliteString.Errors + unreachable.Errors + badProvider.Errors);
    }

    private static Dictionary<string, byte[]> FeedFiles(string root)
    {
        var feeds = Path.Combine(root, "feeds");
        return Directory.EnumerateFiles(feeds, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(feeds, path).StartsWith('.') && Path.GetFileName(path) is "rss.xml" or "atom.xml" or "feed.json")
            .ToDictionary(path => Path.GetRelativePath(feeds, path), File.ReadAllBytes);
    }
}
