using System.Text;
using System.Text.Json;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>The command line as a script or an editor meets it: the built service run as a process, on a real database.</summary>
[Collection(RealAppCollection.Name)]
public sealed class CommandLineTests
{
    private static string Article(string id, string title, string tags, int day) =>
        $"---\ntitle: {title}\nid: {id}\nauthors: [Jane Doe]\ntags: {tags}\ndate: 2024-03-{day:D2}T09:00:00Z\n---\n\nThe text of {title}.\n";

    private static string WriteArticles(TempDirectory root)
    {
        var folder = Path.Combine(root.Path, "export");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "buses.md"), Article("buses", "New buses for line 7", "[City transport]", 1));
        File.WriteAllText(Path.Combine(folder, "trams.md"), Article("trams", "Trams run late again", "[City transport, Budget]", 2));
        File.WriteAllText(Path.Combine(folder, "harbour.md"), Article("harbour", "Harbour dredging starts", "[Harbour]", 3));
        return folder;
    }

    [Fact]
    public async Task Check_prints_what_would_be_published_in_the_sites_time_zone_and_stores_nothing()
    {
        using var root = new TempDirectory();
        var file = TestFiles.Fixture("000_5f3c2a9e8b7d6c41.txt");

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "check", file, "--Site:TimeZone=Europe/Berlin");
        var json = await ServiceProcess.RunCommandAsync(root.Path, "check", file, "--json");
        var list = await ServiceProcess.RunCommandAsync(root.Path, "list", "--json");

        Assert.Equal(0, exit.ExitCode);
        Assert.Contains($"{file}: ok", exit.Output);
        Assert.Contains("  published: 2014-06-20 00:00 +02:00", exit.Output);
        Assert.Contains("  id:        000_5f3c2a9e8b7d6c41", exit.Output);
        Assert.Equal("", exit.Errors);
        using var parsed = JsonDocument.Parse(json.Output);
        var only = Assert.Single(parsed.RootElement.EnumerateArray());
        Assert.True(only.GetProperty("ok").GetBoolean());
        Assert.Equal("000_5f3c2a9e8b7d6c41", only.GetProperty("id").GetString());
        Assert.Equal("[]", list.Output.Trim());
    }

    [Fact]
    public async Task Check_of_a_bad_file_names_the_problem_and_its_line_on_stderr_and_exits_1()
    {
        using var root = new TempDirectory();

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "check", TestFiles.Fixture("no-title.md"), TestFiles.Fixture("front-matter.md"));

        Assert.Equal(1, exit.ExitCode);
        Assert.Contains("no-title.md: ", exit.Errors);
        Assert.Contains("line ", exit.Errors);
        Assert.Contains("front-matter.md: ok", exit.Output);
        Assert.Contains("warning:   a draft: stored, but in no feed", exit.Output);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
    }

    [Fact]
    public async Task Ingest_stores_through_the_inbox_path_keeps_the_originals_and_says_what_happened()
    {
        using var root = new TempDirectory();
        var folder = WriteArticles(root);
        File.WriteAllText(Path.Combine(folder, "broken.md"), "---\ntitle: [unclosed\n---\n\nText.\n");

        var first = await ServiceProcess.RunCommandAsync(root.Path, "ingest", folder);
        var again = await ServiceProcess.RunCommandAsync(root.Path, "ingest", folder, "--json");

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("4 file(s)", first.Output);
        Assert.Contains("3 new, 0 updated, 0 unchanged, 1 failed", first.Output);
        Assert.Contains("broken.md: ", first.Errors);
        Assert.Equal(4, Directory.GetFiles(folder).Length);
        using var summary = JsonDocument.Parse(again.Output);
        Assert.Equal(3, summary.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("new").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.Contains("broken.md", summary.RootElement.GetProperty("failures")[0].GetProperty("file").GetString());
    }

    [Fact]
    public async Task Ingest_with_move_files_the_originals_away_as_the_inbox_does()
    {
        using var root = new TempDirectory();
        var folder = WriteArticles(root);

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "ingest", folder, "--move");

        Assert.Equal(0, exit.ExitCode);
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(root.Path, "inbox", "processed")).Length);
    }

    [Fact]
    public async Task List_and_show_read_what_is_stored_newest_first_with_filters_and_json()
    {
        using var root = new TempDirectory();
        await ServiceProcess.RunCommandAsync(root.Path, "ingest", WriteArticles(root));

        var all = await ServiceProcess.RunCommandAsync(root.Path, "list");
        var tagged = await ServiceProcess.RunCommandAsync(root.Path, "list", "--tag", "City transport", "--json");
        var shown = await ServiceProcess.RunCommandAsync(root.Path, "show", "trams", "--json");
        var text = await ServiceProcess.RunCommandAsync(root.Path, "show", "trams");

        Assert.Equal(0, all.ExitCode);
        var lines = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["harbour", "trams", "buses"], lines.Select(line => line.Split("  ")[1]));
        using var list = JsonDocument.Parse(tagged.Output);
        Assert.Equal(["trams", "buses"], list.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        using var article = JsonDocument.Parse(shown.Output);
        Assert.Equal("Trams run late again", article.RootElement.GetProperty("title").GetString());
        Assert.Equal("published", article.RootElement.GetProperty("state").GetString());
        Assert.Equal(["City transport", "Budget"], article.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order().Reverse());
        Assert.Contains("state:     published", text.Output);
    }

    [Fact]
    public async Task An_unknown_id_exits_1_a_mistyped_option_exits_2_and_help_lists_every_command()
    {
        using var root = new TempDirectory();

        var unknown = await ServiceProcess.RunCommandAsync(root.Path, "show", "no-such-article");
        var mistyped = await ServiceProcess.RunCommandAsync(root.Path, "list", "--limt", "5");
        var help = await ServiceProcess.RunCommandAsync(root.Path, "--help");
        var noCommand = await ServiceProcess.RunCommandAsync(root.Path, "lsit");
        var ingestHelp = await ServiceProcess.RunCommandAsync(root.Path, "ingest", "--help");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no article with id 'no-such-article'", unknown.Errors);
        Assert.Equal(2, mistyped.ExitCode);
        Assert.Contains("--limt", mistyped.Errors);
        // A mistyped command is refused, never taken for a second server on the same folders.
        Assert.Equal(2, noCommand.ExitCode);
        Assert.Contains("'lsit' is not a command", noCommand.Errors);
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "serve", "check", "ingest", "list", "show", "rebuild" })
            Assert.Contains(command, help.Output);
        Assert.Equal(0, ingestHelp.ExitCode);
        Assert.Contains("--move", ingestHelp.Output);
        Assert.DoesNotContain("   at ", unknown.Errors + mistyped.Errors);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_exits_3()
    {
        using var root = new TempDirectory();
        // A file where the database's folder should be.
        await File.WriteAllTextAsync(Path.Combine(root.Path, "blocked"), "not a folder");

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "list", $"--Storage:ConnectionString=Data Source={Path.Combine(root.Path, "blocked", "db.sqlite")}");

        Assert.Equal(3, exit.ExitCode);
        Assert.Contains("the database cannot be opened", exit.Errors);
        Assert.DoesNotContain("   at ", exit.Errors);
    }

    [Fact]
    public async Task Rebuild_writes_every_feed_from_the_database()
    {
        using var root = new TempDirectory();
        await ServiceProcess.RunCommandAsync(root.Path, "ingest", WriteArticles(root));

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "rebuild", "--json");

        Assert.Equal(0, exit.ExitCode);
        using var result = JsonDocument.Parse(exit.Output);
        Assert.True(result.RootElement.GetProperty("filesChanged").GetInt32() >= 3);
        Assert.Contains("Harbour dredging starts", await File.ReadAllTextAsync(Path.Combine(root.Path, "feeds", "atom.xml")));
        Assert.Contains("Trams run late again", await File.ReadAllTextAsync(Path.Combine(root.Path, "feeds", "tags", "budget", "rss.xml")));
    }

    [Fact]
    public async Task An_ingest_by_command_reaches_the_running_servers_feeds_within_seconds()
    {
        using var root = new TempDirectory();
        await using var app = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await app.WaitUntilAsync(() => client.Send(FeedHttp.Get("/feeds/atom.xml")).IsSuccessStatusCode, "the empty feed served");

        var exit = await ServiceProcess.RunCommandAsync(root.Path, "ingest", WriteArticles(root));
        var stored = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, exit.ExitCode);

        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/budget/atom.xml", "Trams run late again")
            && FeedHttp.Serves(client, "/feeds/atom.xml", "Harbour dredging starts"),
            "the command's articles served");
        // The 2 s promise is measured in the benchmark (scenario 10: p50 about 0.2-0.3 s, max about 0.6 s); here the
        // machine is shared with the rest of the test run, which has taken about 3 s, so the bound is wider.
        Assert.True(stored.Elapsed < TimeSpan.FromSeconds(5), $"served {stored.Elapsed.TotalSeconds:F1} s after the command ended; {app.RegenerationsSinceStart} regenerations, the last at {app.Services.GetRequiredService<FeedPublisher.Feeds.FeedRegenerator>().LastRegeneratedAt:HH:mm:ss.fff} (now {DateTimeOffset.UtcNow:HH:mm:ss.fff}); the service logged: {string.Join(" | ", app.Logs.Lines.Select(l => l.Message))}");
    }
}
